#!/usr/bin/env python3
"""Writes fhir-profiles/core/ (FHIR R4 4.0.1 core StructureDefinitions in snapshot form, and the
ValueSets and CodeSystems their required bindings name) from the tables in tools/fhir_core/.

    python3 tools/fhir_core_gen.py            # (re)writes fhir-profiles/core/*.json
    python3 tools/fhir_core_gen.py --check    # exits 1 when a committed file differs

The table formats are described at the top of tools/fhir_core/structures.txt and terminology.txt.
"""
import argparse
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TABLES = os.path.join(ROOT, "tools", "fhir_core")
OUT = os.path.join(ROOT, "fhir-profiles", "core")

FHIR_VERSION = "4.0.1"
SD_BASE = "http://hl7.org/fhir/StructureDefinition/"
VS_BASE = "http://hl7.org/fhir/ValueSet/"
SYSTEM_STRING = "http://hl7.org/fhirpath/System.String"
PUBLISHER = "HL7 FHIR Standard (restated by Titrate)"
STRENGTHS = {"req": "required", "ext": "extensible", "pref": "preferred", "ex": "example"}
BACKBONE_TYPES = ("BackboneElement", "Element")


class TableError(Exception):
    pass


def strip_comment(line):
    return "" if line.lstrip().startswith("#") else line.rstrip()


# ---------------------------------------------------------------- structures.txt


class ElementSpec:
    def __init__(self, name, card, types, modifier, binding, line_no):
        self.name = name
        self.min, self.max = card
        self.types = types  # list of (code, profile or None, [targets]); or "@Path"
        self.modifier = modifier
        self.binding = binding  # (strength, valueSet) or None
        self.children = []
        self.line_no = line_no


class TypeSpec:
    def __init__(self, name, kind, base, abstract, constraint_of, copies=None):
        self.name = name
        self.kind = kind
        self.base = base
        self.abstract = abstract
        self.constraint_of = constraint_of
        self.copies = copies  # a specialization restating its base's elements (Age, Duration ...)
        self.elements = []


def split_types(text):
    """"A|Reference(B|C)|D" -> ["A", "Reference(B|C)", "D"] (bars inside parentheses kept)."""
    parts, depth, current = [], 0, ""
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "|" and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    return parts


def parse_type(text, line_no):
    if "(" in text:
        if not text.endswith(")"):
            raise TableError(f"structures.txt:{line_no}: bad type {text}")
        code, targets = text[:-1].split("(", 1)
        return (code, None, [t for t in targets.split("|") if t])
    if text == "SimpleQuantity":
        return ("Quantity", "SimpleQuantity", [])
    return (text, None, [])


def parse_binding(token, line_no):
    strength, _, value_set = token.partition(":")
    if strength not in STRENGTHS or not value_set:
        raise TableError(f"structures.txt:{line_no}: bad binding {token}")
    strength = STRENGTHS[strength]
    if not value_set.startswith("http"):
        value_set = VS_BASE + value_set
        if strength == "required":
            value_set += "|" + FHIR_VERSION
    return (strength, value_set)


def parse_element(text, line_no):
    tokens = text.split()
    if len(tokens) < 3:
        raise TableError(f"structures.txt:{line_no}: expected 'name min..max types'")
    name, card, type_text = tokens[0], tokens[1], tokens[2]
    low, _, high = card.partition("..")
    if not low.isdigit() or not (high == "*" or high.isdigit()):
        raise TableError(f"structures.txt:{line_no}: bad cardinality {card}")
    modifier, binding = False, None
    for token in tokens[3:]:
        if token == "?!":
            modifier = True
        else:
            binding = parse_binding(token, line_no)
    if type_text.startswith("@"):
        types = type_text
    else:
        types = [parse_type(t, line_no) for t in split_types(type_text)]
        if len(types) > 1 and not name.endswith("[x]"):
            raise TableError(f"structures.txt:{line_no}: several types but {name} is not a choice")
    return ElementSpec(name, (int(low), high), types, modifier, binding, line_no)


def parse_structures(path):
    specs = []
    stack = []  # (indent, ElementSpec)
    current = None
    with open(path, encoding="utf-8") as f:
        for line_no, raw in enumerate(f, 1):
            line = strip_comment(raw)
            if not line.strip():
                continue
            if line.startswith("= "):
                words = line[2:].split()
                if len(words) >= 3 and words[1] == "constraint-of":
                    current = TypeSpec(words[0], "complex-type", words[2], False, words[2])
                elif len(words) >= 3 and words[1] == "specializes":
                    current = TypeSpec(words[0], "complex-type", words[2], False, None, words[2])
                else:
                    if len(words) < 3:
                        raise TableError(f"structures.txt:{line_no}: expected '= Name kind base'")
                    base = None if words[2] == "-" else words[2]
                    current = TypeSpec(words[0], words[1], base, "abstract" in words[3:], None)
                specs.append(current)
                stack = []
                continue
            if current is None:
                raise TableError(f"structures.txt:{line_no}: element before any '= Name'")
            indent = len(line) - len(line.lstrip(" "))
            element = parse_element(line.strip(), line_no)
            while stack and stack[-1][0] >= indent:
                stack.pop()
            if stack:
                parent = stack[-1][1]
                if parent.types == "@" or parent.types[0][0] not in BACKBONE_TYPES:
                    raise TableError(f"structures.txt:{line_no}: children under a non-backbone element")
                parent.children.append(element)
            else:
                current.elements.append(element)
            stack.append((indent, element))
    return specs


# ---------------------------------------------------------------- snapshot building


def type_json(code, profile, targets):
    entry = {"code": code}
    if profile:
        entry["profile"] = [SD_BASE + profile]
    if targets:
        entry["targetProfile"] = [SD_BASE + t for t in targets]
    return entry


def element_json(path, min_, max_, types=None, modifier=False, binding=None, content_reference=None):
    element = {"id": path, "path": path, "min": min_, "max": str(max_)}
    if content_reference:
        element["contentReference"] = content_reference
    if types:
        element["type"] = types
    if modifier:
        element["isModifier"] = True
    if binding:
        element["binding"] = {"strength": binding[0], "valueSet": binding[1]}
    return element


def common_elements(path, with_modifier_extension):
    out = [
        element_json(path + ".id", 0, 1, [{"code": SYSTEM_STRING}]),
        element_json(path + ".extension", 0, "*", [{"code": "Extension"}]),
    ]
    if with_modifier_extension:
        out.append(element_json(path + ".modifierExtension", 0, "*", [{"code": "Extension"}], modifier=True))
    return out


def spec_elements(prefix, elements):
    out = []
    for spec in elements:
        path = f"{prefix}.{spec.name}"
        if isinstance(spec.types, str):
            out.append(element_json(path, spec.min, spec.max, content_reference="#" + spec.types[1:],
                                    modifier=spec.modifier))
            continue
        types = [type_json(*t) for t in spec.types]
        out.append(element_json(path, spec.min, spec.max, types, spec.modifier, spec.binding))
        if spec.children:
            out.extend(common_elements(path, spec.types[0][0] == "BackboneElement"))
            out.extend(spec_elements(path, spec.children))
    return out


def resource_base_elements(name, by_name, with_domain):
    """Resource's (and DomainResource's) own elements restated under `name`."""
    out = []
    chain = ["Resource", "DomainResource"] if with_domain else ["Resource"]
    for base in chain:
        out.extend(spec_elements(name, by_name[base].elements))
    return out


def snapshot(spec, by_name):
    name = spec.constraint_of or spec.name
    elements = [element_json(name, 0, "*")]
    if spec.name == "Resource":
        elements.extend(spec_elements(name, spec.elements))
    elif spec.kind == "resource":
        elements.extend(resource_base_elements(name, by_name, spec.name != "DomainResource"))
        elements.extend(spec_elements(name, spec.elements))
    elif spec.constraint_of or spec.copies:
        base = by_name[spec.constraint_of or spec.copies]
        overrides = {e.name: e for e in spec.elements}
        unknown = set(overrides) - {e.name for e in base.elements}
        if unknown:
            raise TableError(f"{spec.name}: overrides unknown elements {sorted(unknown)}")
        elements.extend(common_elements(name, False))
        elements.extend(spec_elements(name, [overrides.get(e.name, e) for e in base.elements]))
    else:
        backbone = spec.name == "BackboneElement" or spec.base == "BackboneElement"
        elements.extend(common_elements(name, backbone))
        elements.extend(spec_elements(name, spec.elements))
    return elements


def structure_definition(spec, by_name):
    if spec.constraint_of:
        base, derivation, sd_type = spec.constraint_of, "constraint", spec.constraint_of
    else:
        base, derivation, sd_type = spec.base, "specialization", spec.name
    sd = {
        "resourceType": "StructureDefinition",
        "id": spec.name,
        "url": SD_BASE + spec.name,
        "version": FHIR_VERSION,
        "name": spec.name,
        "status": "active",
        "publisher": PUBLISHER,
        "fhirVersion": FHIR_VERSION,
        "kind": spec.kind,
        "abstract": spec.abstract,
        "type": sd_type,
    }
    if base:
        sd["baseDefinition"] = SD_BASE + base
    sd["derivation"] = derivation
    sd["snapshot"] = {"element": snapshot(spec, by_name)}
    return sd


# ---------------------------------------------------------------- terminology.txt


def parse_terminology(path):
    resources = []
    current = None
    stack = []  # (indent, concept)
    with open(path, encoding="utf-8") as f:
        for line_no, raw in enumerate(f, 1):
            line = strip_comment(raw)
            if not line.strip():
                continue
            if line.startswith("% "):
                words = line[2:].split()
                if words[0] == "CodeSystem" and len(words) == 3:
                    current = {
                        "resourceType": "CodeSystem", "id": words[1], "url": words[2],
                        "version": FHIR_VERSION, "name": pascal_case(words[1]), "status": "active",
                        "publisher": PUBLISHER, "content": "complete", "concept": [],
                    }
                elif words[0] == "ValueSet" and len(words) in (2, 3):
                    url = words[2] if len(words) == 3 else VS_BASE + words[1]
                    current = {
                        "resourceType": "ValueSet", "id": words[1], "url": url,
                        "version": FHIR_VERSION, "name": pascal_case(words[1]), "status": "active",
                        "publisher": PUBLISHER, "compose": {"include": []},
                    }
                else:
                    raise TableError(f"terminology.txt:{line_no}: bad header")
                resources.append(current)
                stack = []
                continue
            if current is None:
                raise TableError(f"terminology.txt:{line_no}: line before any '% ...'")
            text = line.strip()
            if current["resourceType"] == "ValueSet":
                if not text.startswith("include "):
                    raise TableError(f"terminology.txt:{line_no}: expected 'include system[: codes]'")
                system, _, codes = text[len("include "):].partition(": ")
                include = {"system": system.strip()}
                if codes:
                    include["concept"] = [{"code": c} for c in codes.split()]
                current["compose"]["include"].append(include)
                continue
            code, _, display = text.partition(" | ")
            concept = {"code": code.strip()}
            if display:
                concept["display"] = display.strip()
            indent = len(line) - len(line.lstrip(" "))
            while stack and stack[-1][0] >= indent:
                stack.pop()
            if stack:
                stack[-1][1].setdefault("concept", []).append(concept)
            else:
                current["concept"].append(concept)
            stack.append((indent, concept))
    for resource in resources:
        if resource["resourceType"] == "CodeSystem":
            resource["count"] = count_concepts(resource["concept"])
            # keep "concept" last, after count, as published
            resource["concept"] = resource.pop("concept")
    return resources


def pascal_case(ident):
    return "".join(part[:1].upper() + part[1:] for part in ident.split("-"))


def count_concepts(concepts):
    return sum(1 + count_concepts(c.get("concept", [])) for c in concepts)


# ---------------------------------------------------------------- output


def render(resource):
    """Pretty JSON with each snapshot element (and each CodeSystem concept) on one line."""
    def dump(value):
        return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))

    lines = ["{"]
    items = list(resource.items())
    for i, (key, value) in enumerate(items):
        comma = "," if i + 1 < len(items) else ""
        if key == "snapshot":
            lines.append('  "snapshot": {')
            lines.append('    "element": [')
            elements = value["element"]
            for j, element in enumerate(elements):
                lines.append("      " + dump(element) + ("," if j + 1 < len(elements) else ""))
            lines.append("    ]")
            lines.append("  }" + comma)
        elif key in ("concept",) or (key == "compose"):
            inner = value if key == "concept" else value["include"]
            opener = '  "concept": [' if key == "concept" else '  "compose": {\n    "include": ['
            closer = "  ]" if key == "concept" else "    ]\n  }"
            pad = "    " if key == "concept" else "      "
            lines.append(opener)
            for j, item in enumerate(inner):
                lines.append(pad + dump(item) + ("," if j + 1 < len(inner) else ""))
            lines.append(closer + comma)
        else:
            lines.append(f"  {dump(key)}: {dump(value)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def generate():
    specs = parse_structures(os.path.join(TABLES, "structures.txt"))
    by_name = {s.name: s for s in specs}
    files = {}
    for spec in specs:
        files[f"StructureDefinition-{spec.name}.json"] = render(structure_definition(spec, by_name))
    for resource in parse_terminology(os.path.join(TABLES, "terminology.txt")):
        files[f"{resource['resourceType']}-{resource['id']}.json"] = render(resource)
    return files


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    parser.add_argument("--out", default=OUT, help="output folder (default fhir-profiles/core)")
    args = parser.parse_args()
    try:
        files = generate()
    except TableError as e:
        print(f"fhir_core_gen: {e}", file=sys.stderr)
        return 2
    existing = {n for n in os.listdir(args.out) if n.endswith(".json")} if os.path.isdir(args.out) else set()
    if args.check:
        problems = [f"missing {n}" for n in sorted(set(files) - existing)]
        problems += [f"not generated {n}" for n in sorted(existing - set(files))]
        for name in sorted(set(files) & existing):
            with open(os.path.join(args.out, name), encoding="utf-8") as f:
                if f.read() != files[name]:
                    problems.append(f"differs {name}")
        for p in problems:
            print(f"fhir_core_gen --check: {p}", file=sys.stderr)
        return 1 if problems else 0
    os.makedirs(args.out, exist_ok=True)
    for name in sorted(existing - set(files)):
        os.remove(os.path.join(args.out, name))
    for name, text in files.items():
        with open(os.path.join(args.out, name), "w", encoding="utf-8") as f:
            f.write(text)
    print(f"wrote {len(files)} files to {os.path.relpath(args.out, ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
