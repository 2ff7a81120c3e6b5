"""Tests of tools/fhir_snapshot.py over a copy of fhir-profiles/ (run by CTest)."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
TOOL = os.path.join(HERE, "fhir_snapshot.py")
PROFILES = os.environ.get("TITRATE_PROFILES_DIR", os.path.join(HERE, "..", "fhir-profiles"))
MA = "titrate/StructureDefinition-titrate-medicationadministration.json"


def run(profiles, *args):
    return subprocess.run([sys.executable, TOOL, "--profiles", profiles, *args],
                          capture_output=True, text=True, check=False)


class FhirSnapshotTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()
        self.profiles = os.path.join(self.dir, "fhir-profiles")
        shutil.copytree(PROFILES, self.profiles)

    def tearDown(self):
        shutil.rmtree(self.dir)

    def load(self, name):
        with open(os.path.join(self.profiles, name), encoding="utf-8") as f:
            return json.load(f)

    def save(self, name, sd):
        with open(os.path.join(self.profiles, name), "w", encoding="utf-8") as f:
            json.dump(sd, f)

    def snapshot(self, name):
        return {e["id"]: e for e in self.load(name)["snapshot"]["element"]}

    def ids(self, name):
        return [e["id"] for e in self.load(name)["snapshot"]["element"]]

    def test_committed_snapshots_are_current(self):
        result = run(self.profiles, "--check")
        self.assertEqual(result.returncode, 0, result.stderr)

    def test_check_fails_when_a_snapshot_was_edited_by_hand(self):
        sd = self.load(MA)
        sd["snapshot"]["element"][1]["max"] = "7"
        self.save(MA, sd)
        result = run(self.profiles, "--check")
        self.assertEqual(result.returncode, 1)
        self.assertIn("StructureDefinition-titrate-medicationadministration.json", result.stderr)

    def test_regenerating_restores_a_removed_snapshot_exactly(self):
        with open(os.path.join(self.profiles, MA), encoding="utf-8") as f:
            committed = f.read()
        sd = self.load(MA)
        del sd["snapshot"]
        self.save(MA, sd)
        self.assertEqual(run(self.profiles).returncode, 0)
        with open(os.path.join(self.profiles, MA), encoding="utf-8") as f:
            self.assertEqual(f.read(), committed)

    def test_differential_constraints_are_applied_to_base_elements(self):
        elements = self.snapshot(MA)
        self.assertEqual(elements["MedicationAdministration.identifier"]["min"], 1)
        self.assertEqual(elements["MedicationAdministration.subject"]["type"][0]["targetProfile"],
                         ["http://hl7.org/fhir/StructureDefinition/Patient"])
        # Unconstrained elements are the base's, unchanged.
        base = {e["id"]: e for e in self.load(
            "core/StructureDefinition-MedicationAdministration.json")["snapshot"]["element"]}
        self.assertEqual(elements["MedicationAdministration.partOf"],
                         base["MedicationAdministration.partOf"])

    def test_slices_follow_their_sliced_element(self):
        ids = self.ids(MA)
        at = ids.index("MedicationAdministration.identifier")
        self.assertEqual(ids[at + 1], "MedicationAdministration.identifier:session")
        element = self.snapshot(MA)["MedicationAdministration.identifier:session"]
        self.assertEqual(element["sliceName"], "session")
        self.assertNotIn("slicing", element)

    def test_elements_inside_a_data_type_follow_their_parent_in_type_order(self):
        ids = self.ids(MA)
        at = ids.index("MedicationAdministration.dosage.rate[x]")
        self.assertEqual(ids[at + 1:at + 4], [
            "MedicationAdministration.dosage.rateQuantity.value",
            "MedicationAdministration.dosage.rateQuantity.system",
            "MedicationAdministration.dosage.rateQuantity.code"])
        system = self.snapshot(MA)["MedicationAdministration.dosage.rateQuantity.system"]
        self.assertEqual(system["type"], [{"code": "uri"}])  # from Quantity.system
        self.assertEqual(system["fixedUri"], "http://unitsofmeasure.org")

    def test_complex_extension_slices_carry_their_children(self):
        ids = self.ids("titrate/StructureDefinition-infusion-series.json")
        at = ids.index("Extension.extension:number")
        self.assertEqual(ids[at + 1:at + 4], ["Extension.extension:number.extension",
                                              "Extension.extension:number.url",
                                              "Extension.extension:number.value[x]"])

    def test_an_unknown_element_is_an_error(self):
        sd = self.load(MA)
        sd["differential"]["element"].append(
            {"id": "MedicationAdministration.dosage.nonsense",
             "path": "MedicationAdministration.dosage.nonsense", "min": 1})
        self.save(MA, sd)
        result = run(self.profiles, "--check")
        self.assertEqual(result.returncode, 2)
        self.assertIn("nonsense", result.stderr)

    def test_a_missing_base_is_an_error(self):
        os.remove(os.path.join(self.profiles, "core/StructureDefinition-MedicationAdministration.json"))
        result = run(self.profiles, "--check")
        self.assertEqual(result.returncode, 2)
        self.assertIn("MedicationAdministration is not under the profiles folder", result.stderr)


if __name__ == "__main__":
    unittest.main()
