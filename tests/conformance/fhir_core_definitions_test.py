"""Checks fhir-profiles/core (the FHIR R4 core definitions the validator loads) against the
official FHIR R4 JSON schema of the conformance corpus, and checks its terminology is complete.

Environment: TITRATE_PROFILES_DIR (default ../../fhir-profiles), TITRATE_CORPUS_DIR (default
../../../shared/corpus); the schema comparison is skipped when the corpus is absent.
Run: python3 -m unittest -v fhir_core_definitions_test (in tests/conformance).
"""
import copy
import glob
import json
import os
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
PROFILES_DIR = os.environ.get("TITRATE_PROFILES_DIR", os.path.join(HERE, "..", "..", "fhir-profiles"))
CORPUS_DIR = os.environ.get("TITRATE_CORPUS_DIR", os.path.join(HERE, "..", "..", "..", "shared", "corpus"))
CORE_DIR = os.path.join(PROFILES_DIR, "core")
SCHEMA_PATH = os.path.join(CORPUS_DIR, "schema", "fhir.schema.json")

SD_BASE = "http://hl7.org/fhir/StructureDefinition/"
SYSTEM_STRING = "http://hl7.org/fhirpath/System.String"
IMPLICIT = {"id", "extension", "modifierExtension"}
# Systems a ValueSet may include whole without a CodeSystem of ours: external terminologies.
EXTERNAL_SYSTEMS = {"urn:ietf:bcp:13", "urn:iso:std:iso:4217", "http://unitsofmeasure.org",
                    "http://terminology.hl7.org/CodeSystem/v3-TimingEvent"}
# The R4 schema enumerates these codes although the specification binds them extensibly.
SCHEMA_ENUMS_OF_EXTENSIBLE_BINDINGS = {"Expression.language"}
# The seven resource types task #5 handles, and the audit trail's AuditEvent, must all be defined.
REQUIRED_TYPES = {"MedicationAdministration", "Observation", "MedicationRequest", "DetectedIssue",
                  "Device", "Patient", "ServiceRequest", "AuditEvent"}


def concept_codes(concepts):
    for c in concepts:
        yield c["code"]
        yield from concept_codes(c.get("concept", []))


def value_set_codes(core, url):
    """The codes of a ValueSet of ours; None when it includes an external system whole."""
    vs = core["ValueSet"].get(url)
    if vs is None:
        return None
    codes = set()
    for include in vs["compose"]["include"]:
        if "concept" in include:
            codes.update(c["code"] for c in include["concept"])
        elif include.get("system") in core["CodeSystem"]:
            codes.update(concept_codes(core["CodeSystem"][include["system"]]["concept"]))
        else:
            return None
    return codes


def load_core():
    by_type = {"StructureDefinition": {}, "ValueSet": {}, "CodeSystem": {}}
    for path in sorted(glob.glob(os.path.join(CORE_DIR, "**", "*.json"), recursive=True)):
        with open(path, encoding="utf-8") as f:
            resource = json.load(f)
        kind = resource.get("resourceType")
        if kind in by_type:
            by_type[kind][resource["url"]] = resource
    return by_type


def is_array(prop):
    return prop.get("type") == "array" or "items" in prop


def schema_ref(prop):
    target = prop.get("items", prop)
    return target.get("$ref", "").rsplit("/", 1)[-1] or None


def schema_types(prop, schema_defs):
    """The type names a schema property may stand for: its $ref, "code" for an enum, or the
    primitives with the same pattern when the schema inlines one (uri/url/canonical share theirs)."""
    target = prop.get("items", prop)
    ref = schema_ref(prop)
    if ref:
        return {ref}
    if "enum" in target:
        return {"code"}
    return {name for name, d in schema_defs.items()
            if "properties" not in d and d.get("pattern") == target.get("pattern")
            and d.get("type") == target.get("type")}


def enum_of(prop):
    return prop.get("items", prop).get("enum")


def schema_type_of(type_entry):
    """The schema definition name an ElementDefinition type stands for."""
    code = type_entry["code"]
    if code == SYSTEM_STRING:
        return "string"
    if code == "Resource":
        return "ResourceList"
    return code


def capitalized(code):
    return code[:1].upper() + code[1:]


def compare_sd(sd, schema_defs, value_set_codes=lambda url: None):
    """Differences between one StructureDefinition snapshot and the schema: a list of strings.
    value_set_codes(url) gives a ValueSet's codes (None when unknown): the schema's enums are the
    codes of required bindings."""
    problems = []
    elements = sd["snapshot"]["element"]
    by_path = {e["path"]: e for e in elements}
    root = elements[0]["path"]
    children = {}
    for e in elements[1:]:
        parent, _, name = e["path"].rpartition(".")
        children.setdefault(parent, []).append((name, e))
    definition_name = sd["id"] if sd["id"] in schema_defs else sd["type"]
    to_visit = [(root, definition_name)]
    visited = set()
    while to_visit:
        path, def_name = to_visit.pop()
        if (path, def_name) in visited:
            continue
        visited.add((path, def_name))
        definition = schema_defs.get(def_name)
        if definition is None:
            problems.append(f"{path}: no schema definition {def_name}")
            continue
        props = definition.get("properties", {})
        covered = set()
        for name, e in children.get(path, []):
            where = f"{sd['id']}: {e['path']}"
            many = e["max"] not in ("0", "1")
            if name.endswith("[x]"):
                prefix = name[:-3]
                for t in e.get("type", []):
                    prop_name = prefix + capitalized(t["code"])
                    covered.add(prop_name)
                    prop = props.get(prop_name)
                    if prop is None:
                        problems.append(f"{where}: choice {prop_name} is not in schema {def_name}")
                        continue
                    # the property name spells the type; a $ref (complex types) must agree with it
                    if schema_ref(prop) and schema_ref(prop) != schema_type_of(t):
                        problems.append(f"{where}: {prop_name} is {schema_ref(prop)} in the schema")
                    if is_array(prop) != many:
                        problems.append(f"{where}: max {e['max']} but schema array={is_array(prop)}")
                continue
            covered.add(name)
            prop = props.get(name)
            if prop is None:
                problems.append(f"{where}: not in schema {def_name}")
                continue
            if is_array(prop) != many:
                problems.append(f"{where}: max {e['max']} but schema array={is_array(prop)}")
            ref = schema_ref(prop)
            if "contentReference" in e:
                target = e["contentReference"].lstrip("#")
                if target not in by_path:
                    problems.append(f"{where}: contentReference {target} is not an element")
                to_visit.append((target, ref))
                continue
            types = e.get("type", [])
            if len(types) != 1:
                problems.append(f"{where}: {len(types)} types on a non-choice element")
                continue
            if e["path"] in children:  # a backbone element: its children are the schema's definition
                if types[0]["code"] not in ("BackboneElement", "Element"):
                    problems.append(f"{where}: has children but type {types[0]['code']}")
                to_visit.append((e["path"], ref))
                continue
            candidates = schema_types(prop, schema_defs)
            if schema_type_of(types[0]) not in candidates:
                problems.append(f"{where}: type {types[0]['code']}, schema says {'|'.join(sorted(candidates))}")
            if name in definition.get("required", []) and e["min"] < 1:
                problems.append(f"{where}: min 0 but the schema requires it")
            if e["min"] >= 1 and name not in definition.get("required", []) and (ref or "x")[:1].isupper():
                problems.append(f"{where}: min {e['min']} but the schema does not require it")
            enum = enum_of(prop)
            binding = e.get("binding", {})
            if enum is not None and e["path"] not in SCHEMA_ENUMS_OF_EXTENSIBLE_BINDINGS:
                if binding.get("strength") != "required":
                    problems.append(f"{where}: the schema lists codes but there is no required binding")
                else:
                    codes = value_set_codes(binding["valueSet"].split("|")[0])
                    if codes is not None and set(codes) != set(enum):
                        problems.append(f"{where}: {binding['valueSet']} has {sorted(set(codes) - set(enum))} "
                                        f"more and {sorted(set(enum) - set(codes))} fewer codes than the schema")
        for prop_name in props:
            if prop_name.startswith("_") or prop_name in IMPLICIT or prop_name == "resourceType":
                continue
            if prop_name not in covered:
                problems.append(f"{sd['id']}: schema {def_name}.{prop_name} has no element")
    return problems


class CoreDefinitionsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.core = load_core()

    def test_every_handled_resource_type_is_defined(self):
        types = {sd["type"] for sd in self.core["StructureDefinition"].values() if sd["kind"] == "resource"}
        self.assertTrue(REQUIRED_TYPES <= types, REQUIRED_TYPES - types)

    def test_every_type_and_base_an_sd_names_is_defined(self):
        urls = set(self.core["StructureDefinition"])
        problems = []
        for sd in self.core["StructureDefinition"].values():
            if "baseDefinition" in sd and sd["baseDefinition"] not in urls:
                problems.append(f"{sd['id']}: base {sd['baseDefinition']}")
            self.assertIn("snapshot", sd, sd["id"])
            for e in sd["snapshot"]["element"]:
                for t in e.get("type", []):
                    code = t["code"]
                    if code[:1].isupper() and SD_BASE + code not in urls:
                        problems.append(f"{sd['id']}: {e['path']} type {code}")
                    for profile in t.get("profile", []):
                        if profile not in urls:
                            problems.append(f"{sd['id']}: {e['path']} profile {profile}")
        self.assertEqual([], problems)

    def test_every_required_binding_names_a_shipped_value_set(self):
        value_sets = set(self.core["ValueSet"])
        missing = []
        for sd in self.core["StructureDefinition"].values():
            for e in sd["snapshot"]["element"]:
                binding = e.get("binding")
                if binding and binding["strength"] == "required":
                    if binding["valueSet"].split("|")[0] not in value_sets:
                        missing.append(f"{sd['id']}: {e['path']}: {binding['valueSet']}")
        self.assertEqual([], missing)

    def test_value_sets_draw_on_shipped_code_systems_and_codes(self):
        code_systems = self.core["CodeSystem"]
        codes = concept_codes

        problems = []
        for vs in self.core["ValueSet"].values():
            for include in vs["compose"]["include"]:
                system = include.get("system")
                if system in code_systems:
                    known = set(codes(code_systems[system]["concept"]))
                    for concept in include.get("concept", []):
                        if concept["code"] not in known:
                            problems.append(f"{vs['id']}: {system}#{concept['code']} is not in the CodeSystem")
                elif system not in EXTERNAL_SYSTEMS:
                    problems.append(f"{vs['id']}: CodeSystem {system} is not shipped")
        for cs in code_systems.values():
            all_codes = list(codes(cs["concept"]))
            if len(all_codes) != len(set(all_codes)) or cs.get("count") != len(all_codes):
                problems.append(f"{cs['id']}: duplicate codes or wrong count")
        self.assertEqual([], problems)


@unittest.skipUnless(os.path.isfile(SCHEMA_PATH), "corpus schema absent: " + SCHEMA_PATH)
class CoreDefinitionsAgainstSchemaTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(SCHEMA_PATH, encoding="utf-8") as f:
            cls.schema_defs = json.load(f)["definitions"]
        cls.core = load_core()

    def test_each_sd_matches_the_official_schema(self):
        compared = 0
        problems = []
        for sd in self.core["StructureDefinition"].values():
            if sd["type"] not in self.schema_defs:
                continue  # abstract bases (Resource, DomainResource, BackboneElement)
            problems.extend(compare_sd(sd, self.schema_defs, lambda url: value_set_codes(self.core, url)))
            compared += 1
        self.assertGreaterEqual(compared, 40)
        self.assertEqual([], problems)

    def _observation(self):
        return copy.deepcopy(self.core["StructureDefinition"][SD_BASE + "Observation"])

    def _element(self, sd, path):
        return next(e for e in sd["snapshot"]["element"] if e["path"] == path)

    # The comparison must be able to fail: each kind of mistake, planted in a copy.
    def test_a_wrong_max_is_caught(self):
        sd = self._observation()
        self._element(sd, "Observation.status")["max"] = "*"
        self.assertIn("Observation: Observation.status: max * but schema array=False",
                      compare_sd(sd, self.schema_defs))

    def test_a_missing_element_is_caught(self):
        sd = self._observation()
        sd["snapshot"]["element"] = [e for e in sd["snapshot"]["element"] if e["path"] != "Observation.issued"]
        self.assertIn("Observation: schema Observation.issued has no element", compare_sd(sd, self.schema_defs))

    def test_a_wrong_type_is_caught(self):
        sd = self._observation()
        self._element(sd, "Observation.issued")["type"] = [{"code": "dateTime"}]
        self.assertIn("Observation: Observation.issued: type dateTime, schema says instant",
                      compare_sd(sd, self.schema_defs))

    def test_a_missing_choice_type_is_caught(self):
        sd = self._observation()
        value = self._element(sd, "Observation.value[x]")
        value["type"] = [t for t in value["type"] if t["code"] != "Ratio"]
        self.assertIn("Observation: schema Observation.valueRatio has no element", compare_sd(sd, self.schema_defs))

    def test_an_unknown_element_is_caught(self):
        sd = self._observation()
        sd["snapshot"]["element"].append({"id": "Observation.colour", "path": "Observation.colour", "min": 0,
                                          "max": "1", "type": [{"code": "string"}]})
        self.assertIn("Observation: Observation.colour: not in schema Observation", compare_sd(sd, self.schema_defs))

    def test_a_min_the_schema_contradicts_is_caught(self):
        sd = self._observation()
        self._element(sd, "Observation.code")["min"] = 0
        self.assertIn("Observation: Observation.code: min 0 but the schema requires it",
                      compare_sd(sd, self.schema_defs))

    def test_a_wrong_backbone_child_is_caught(self):
        sd = self._observation()
        self._element(sd, "Observation.component.code")["max"] = "*"
        self.assertIn("Observation: Observation.component.code: max * but schema array=False",
                      compare_sd(sd, self.schema_defs))

    def test_a_value_set_missing_a_code_is_caught(self):
        def codes_without_corrected(url):
            codes = value_set_codes(self.core, url)
            return None if codes is None else codes - {"corrected"}

        self.assertIn("Observation: Observation.status: http://hl7.org/fhir/ValueSet/observation-status|4.0.1 "
                      "has [] more and ['corrected'] fewer codes than the schema",
                      compare_sd(self._observation(), self.schema_defs, codes_without_corrected))

    def test_a_binding_that_is_not_required_is_caught(self):
        sd = self._observation()
        self._element(sd, "Observation.status")["binding"]["strength"] = "extensible"
        self.assertIn("Observation: Observation.status: the schema lists codes but there is no required binding",
                      compare_sd(sd, self.schema_defs))


if __name__ == "__main__":
    unittest.main()
