// Checks FHIR R4 resources (JSON files, or folders of them) against the official FHIR R4 JSON
// schema, each against #/definitions/<resourceType>. An independent check of what Titrate
// emits: the schema knows every element and type, but not cardinalities, bindings or profiles.
// Usage: node validate.mjs fhir.schema.json FILE|DIR...   Exit 1 when a resource is invalid.
import fs from "node:fs";
import path from "node:path";
import Ajv from "ajv";
import draft06 from "ajv/dist/refs/json-schema-draft-06.json" with { type: "json" };

const [schemaFile, ...inputs] = process.argv.slice(2);
if (!schemaFile || inputs.length === 0) {
  console.error("usage: node validate.mjs fhir.schema.json FILE|DIR...");
  process.exit(2);
}

const schema = JSON.parse(fs.readFileSync(schemaFile, "utf8"));
// Draft-06 names the schema's identity `id`; Ajv 8 reads `$id`.
schema.$id = "fhir.schema.json";
delete schema.id;
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addMetaSchema(draft06);
ajv.addSchema(schema);

const files = inputs.flatMap((input) =>
  fs.statSync(input).isDirectory()
    ? fs.readdirSync(input).filter((f) => f.endsWith(".json")).sort().map((f) => path.join(input, f))
    : [input]);

const validators = new Map();
let invalid = 0;
for (const file of files) {
  const resource = JSON.parse(fs.readFileSync(file, "utf8"));
  const type = resource.resourceType;
  if (!schema.definitions[type]) {
    console.log(`${file}: unknown resourceType`);
    ++invalid;
    continue;
  }
  if (!validators.has(type)) validators.set(type, ajv.getSchema(`fhir.schema.json#/definitions/${type}`));
  const validate = validators.get(type);
  if (validate(resource)) continue;
  ++invalid;
  for (const e of validate.errors) console.log(`${file}: ${e.instancePath || "/"} ${e.message}`);
}
console.log(`${files.length - invalid} of ${files.length} resources valid against the FHIR R4 JSON schema`);
process.exit(invalid === 0 ? 0 : 1);
