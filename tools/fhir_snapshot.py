#!/usr/bin/env python3
"""Builds the snapshot of each Titrate FHIR profile from its differential and its base.

Every StructureDefinition under fhir-profiles/titrate/ with derivation "constraint" carries a
hand-written differential. Its snapshot is its base's snapshot (a core definition under
fhir-profiles/core/ or another Titrate profile) with the differential applied:

* a differential element whose id is in the base replaces those properties of it;
* a slice ("X.extension:infusionSeries", "Observation.category:VSCat") is a copy of the sliced
  element (without its slicing, min 0 unless the differential says otherwise), inserted after
  the sliced element, its children and its earlier slices;
* an element deeper than the base ("Observation.valueQuantity.system",
  "Extension.extension:reason.url") is copied from the data type's definition (Quantity.system,
  Extension.url), renamed, constrained and inserted after its parent's subtree. A choice
  parent ("Observation.valueQuantity") is found as its [x] element. The elements every element
  has (id, extension, modifierExtension) are made up when the base does not list them.

Usage:
  tools/fhir_snapshot.py [--profiles DIR]           rewrite the profiles' snapshots
  tools/fhir_snapshot.py [--profiles DIR] --check   exit 1 when a committed file differs
"""

import argparse
import copy
import json
import os
import sys

CORE = "http://hl7.org/fhir/StructureDefinition/"
IMPLICIT = {
    "id": {"min": 0, "max": "1", "type": [{"code": "http://hl7.org/fhirpath/System.String"}]},
    "extension": {"min": 0, "max": "*", "type": [{"code": "Extension"}]},
    "modifierExtension": {"min": 0, "max": "*", "type": [{"code": "Extension"}]},
}
# Resource elements that come before extension / modifierExtension in every snapshot.
LEADING = ("id", "meta", "implicitRules", "language", "text", "contained", "extension")


class SnapshotError(Exception):
    pass


def load_definitions(root):
    """url -> (file, StructureDefinition) for every StructureDefinition under root."""
    found = {}
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            if not name.endswith(".json"):
                continue
            path = os.path.join(folder, name)
            with open(path, encoding="utf-8") as f:
                try:
                    resource = json.load(f)
                except json.JSONDecodeError as e:
                    raise SnapshotError(f"{path}: not JSON: {e}") from e
            if resource.get("resourceType") == "StructureDefinition" and "url" in resource:
                found[resource["url"]] = (path, resource)
    return found


def last_segment(element_id):
    """The name of the last segment of an element id, without its slice name."""
    return element_id.rsplit(".", 1)[-1].split(":", 1)[0]


def parent_id(element_id):
    return element_id.rsplit(".", 1)[0] if "." in element_id else None


def merge(element, constraints):
    if any(k.startswith(("fixed", "pattern")) for k in constraints):
        for key in [k for k in element if k.startswith(("fixed", "pattern"))]:
            del element[key]
    for key, value in constraints.items():
        element[key] = copy.deepcopy(value)
    return element


class Builder:
    def __init__(self, definitions, snapshots):
        self.definitions = definitions
        self.snapshots = snapshots  # url -> snapshot elements already built

    def base_elements(self, url, chain=()):
        if url in self.snapshots:
            return self.snapshots[url]
        if url not in self.definitions:
            raise SnapshotError(f"base {url} is not under the profiles folder")
        path, sd = self.definitions[url]
        if sd.get("derivation") == "constraint" and "differential" in sd and is_titrate(path):
            if url in chain:
                raise SnapshotError(f"{path}: baseDefinition cycle")
            self.snapshots[url] = self.build(sd, path, chain + (url,))
        elif "snapshot" in sd:
            self.snapshots[url] = sd["snapshot"]["element"]
        else:
            raise SnapshotError(f"{path}: no snapshot")
        return self.snapshots[url]

    def datatype_element(self, type_code, name, where):
        url = type_code if "/" in type_code else CORE + type_code
        elements = self.base_elements(url)
        type_name = self.definitions[url][1].get("type", type_code)
        for element in elements:
            if element["path"] == f"{type_name}.{name}" and "sliceName" not in element:
                return copy.deepcopy(element)
        if name in IMPLICIT:
            return copy.deepcopy(IMPLICIT[name])
        raise SnapshotError(f"{where}: {type_code} has no element {name}")

    def build(self, sd, path, chain=()):
        elements = copy.deepcopy(self.base_elements(sd["baseDefinition"], chain))
        for constraint in sd["differential"]["element"]:
            element_id = constraint["id"]
            where = f"{path}: differential {element_id}"
            index = find(elements, element_id)
            if index is not None:
                merge(elements[index], constraint)
                continue
            slice_name = constraint.get("sliceName")
            if slice_name and element_id.endswith(":" + slice_name):
                sliced_id = element_id[: -len(slice_name) - 1]
                sliced = self.ensure(elements, sliced_id, where)
                element = copy.deepcopy(elements[sliced])
                element.pop("slicing", None)
                element["min"] = 0
                element["id"] = element_id
                elements.insert(end_of_subtree(elements, sliced), merge(element, constraint))
                continue
            index = self.ensure(elements, element_id, where)
            merge(elements[index], constraint)
        return elements

    def ensure(self, elements, element_id, where):
        """The index of element_id, creating it (and its parents) from their data types."""
        index = find(elements, element_id)
        if index is not None:
            return index
        name = last_segment(element_id)
        if ":" in element_id.rsplit(".", 1)[-1]:
            raise SnapshotError(f"{where}: slice {element_id} is used before it is declared")
        pid = parent_id(element_id)
        if pid is None:  # a base that does not list its root element
            elements.insert(0, {"id": element_id, "path": element_id, "min": 0, "max": "*"})
            return 0
        parent = find(elements, pid)
        type_code = None
        if parent is None:
            parent, type_code = self.choice_parent(elements, pid)
        if parent is None:
            parent = self.ensure(elements, pid, where)
        if type_code is None:
            type_code = element_type(elements, parent, where)
        if type_code in ("BackboneElement", "Element") or type_code is None:
            if name not in IMPLICIT:
                raise SnapshotError(f"{where}: {elements[parent]['id']} has no child {name}")
            element = copy.deepcopy(IMPLICIT[name])
        else:
            element = self.datatype_element(type_code, name, where)
        element["id"] = element_id
        element["path"] = path_of(element_id)
        element.pop("sliceName", None)
        if name in IMPLICIT and element_type_or_none(elements, parent) in (None, "BackboneElement"):
            position = parent + 1
            while position < len(elements) and child_name_of(elements, parent, position) in LEADING:
                position += 1
        else:
            position = self.datatype_position(elements, parent, pid, type_code, name)
        elements.insert(position, element)
        return position

    def datatype_position(self, elements, parent, pid, type_code, name):
        """After the parent and the subtrees of its children that come before `name`."""
        rank = self.child_ranks(type_code)
        position = parent + 1
        index = parent + 1
        while index < len(elements) and in_subtree(elements[index]["id"], elements[parent]["id"]):
            child = elements[index]["id"]
            if parent_id(child) == pid and rank(last_segment(child)) < rank(name):
                position = end_of_subtree(elements, index)
            index += 1
        return position

    def child_ranks(self, type_code):
        url = type_code if "/" in type_code else CORE + type_code
        type_name = self.definitions[url][1].get("type", type_code)
        names = [e["path"][len(type_name) + 1:] for e in self.base_elements(url)
                 if e["path"].count(".") == 1 and "sliceName" not in e]
        implicit = {"id": -3, "extension": -2, "modifierExtension": -1}
        return lambda name: names.index(name) if name in names else implicit.get(name, len(names))

    def choice_parent(self, elements, pid):
        """"X.valueQuantity" -> (index of "X.value[x]", "Quantity") when X.value[x] allows it."""
        head, _, name = pid.rpartition(".")
        for index, element in enumerate(elements):
            choice = element["id"]
            if not choice.endswith("[x]") or parent_id(choice) != head:
                continue
            stem = last_segment(choice)[:-3]
            if not name.startswith(stem):
                continue
            for t in element.get("type", []):
                code = t["code"]
                if stem + code[0].upper() + code[1:] == name:
                    return index, code
        return None, None


def is_titrate(path):
    return os.sep + "titrate" + os.sep in path


def path_of(element_id):
    return ".".join(segment.split(":", 1)[0] for segment in element_id.split("."))


def find(elements, element_id):
    for index, element in enumerate(elements):
        if element["id"] == element_id:
            return index
    return None


def in_subtree(element_id, root):
    """element_id is below root; below "X.value[x]" are its renamed children "X.valueQuantity.y"."""
    if element_id.startswith((root + ".", root + ":")):
        return True
    if root.endswith("[x]"):
        stem = root[:-3]
        rest = element_id[len(stem):]
        return element_id.startswith(stem) and rest[:1].isupper() and "." in rest
    return False


def end_of_subtree(elements, index):
    root = elements[index]["id"]
    end = index + 1
    while end < len(elements) and in_subtree(elements[end]["id"], root):
        end += 1
    return end


def element_type_or_none(elements, index):
    types = elements[index].get("type", [])
    return types[0]["code"] if len(types) == 1 else None


def child_name_of(elements, parent, index):
    pid = elements[parent]["id"]
    cid = elements[index]["id"]
    if parent_id(cid) != pid:
        return None
    return last_segment(cid)


def element_type(elements, index, where):
    element = elements[index]
    if "contentReference" in element:
        target = find(elements, element["contentReference"].lstrip("#"))
        if target is None:
            raise SnapshotError(f"{where}: unresolved {element['contentReference']}")
        return element_type(elements, target, where)
    types = element.get("type", [])
    if not types:
        return None
    if len(types) > 1:
        raise SnapshotError(f"{where}: {element['id']} has several types; name the choice")
    return types[0]["code"]


def dump(sd):
    """JSON text with one element per line in differential and snapshot."""
    lines = ["{"]
    keys = list(sd)
    for n, key in enumerate(keys):
        comma = "," if n + 1 < len(keys) else ""
        value = sd[key]
        if key in ("differential", "snapshot"):
            items = value["element"]
            lines.append(f'  "{key}": {{')
            lines.append('    "element": [')
            for i, element in enumerate(items):
                text = json.dumps(element, ensure_ascii=False)
                lines.append(f"      {text}" + ("," if i + 1 < len(items) else ""))
            lines.append("    ]")
            lines.append("  }" + comma)
        else:
            text = json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n  ")
            lines.append(f'  "{key}": {text}{comma}')
    lines.append("}")
    return "\n".join(lines) + "\n"


def with_snapshot(sd, elements):
    out = {}
    for key, value in sd.items():
        if key == "snapshot":
            continue
        out[key] = value
        if key == "differential":
            out["snapshot"] = {"element": elements}
    return out


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--profiles", default=os.path.join(here, "..", "fhir-profiles"))
    parser.add_argument("--check", action="store_true",
                        help="exit 1 when a committed snapshot differs from a generated one")
    args = parser.parse_args()

    try:
        definitions = load_definitions(args.profiles)
        builder = Builder(definitions, {})
        differing = []
        targets = sorted((path, url) for url, (path, sd) in definitions.items()
                         if is_titrate(path) and sd.get("derivation") == "constraint")
        if not targets:
            raise SnapshotError(f"no Titrate profiles under {args.profiles}")
        for path, url in targets:
            sd = definitions[url][1]
            if "differential" not in sd:
                raise SnapshotError(f"{path}: a profile needs a differential")
            text = dump(with_snapshot(sd, builder.base_elements(url)))
            with open(path, encoding="utf-8") as f:
                committed = f.read()
            if text == committed:
                continue
            differing.append(path)
            if not args.check:
                with open(path, "w", encoding="utf-8") as f:
                    f.write(text)
    except SnapshotError as e:
        print(f"fhir_snapshot: {e}", file=sys.stderr)
        return 2
    for path in differing:
        verb = "differs from its generated snapshot" if args.check else "updated"
        print(f"{os.path.relpath(path)}: {verb}", file=sys.stderr if args.check else sys.stdout)
    if args.check and differing:
        print("run tools/fhir_snapshot.py to regenerate", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
