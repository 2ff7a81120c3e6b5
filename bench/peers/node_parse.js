// The npm parsers' side of the peer parse benchmark (bench/peer_bench.py): parses every message
// of the set (one HL7v2 message a line, segments ended by CR) again and again on one thread until
// at least --seconds have passed, and prints one JSON line like titrate_peer_parse.
//
//   node node_parse.js simple-hl7|hl7-standard FILE [--seconds S]
'use strict';

const fs = require('fs');

const parsers = {
  'simple-hl7': () => {
    const hl7 = require('simple-hl7');
    const parser = new hl7.Parser();
    return (text) => parser.parse(text).segments.length + 1;
  },
  'hl7-standard': () => {
    const HL7 = require('hl7-standard');
    return (text) => {
      const message = new HL7(text);
      message.transform();
      return message.getSegments().length;
    };
  },
};

function main() {
  const [name, file] = process.argv.slice(2);
  const at = process.argv.indexOf('--seconds');
  const minSeconds = at > 0 ? Number(process.argv[at + 1]) : 1.0;
  if (!parsers[name] || !file) {
    console.error('usage: node node_parse.js simple-hl7|hl7-standard FILE [--seconds S]');
    process.exit(2);
  }
  const parse = parsers[name]();
  const raw = fs.readFileSync(file);
  const messages = raw.toString('utf8').split('\n').filter((m) => m.length > 0);
  const setBytes = raw.length - (raw.toString('latin1').match(/\n/g) || []).length;

  let passes = 0, errors = 0, segments = 0;
  const started = process.hrtime.bigint();
  let seconds = 0;
  do {
    for (const m of messages) {
      try {
        segments += parse(m);
      } catch (e) {
        ++errors;
      }
    }
    ++passes;
    seconds = Number(process.hrtime.bigint() - started) / 1e9;
  } while (seconds < minSeconds);
  console.log(JSON.stringify({
    parser: name, messages: passes * messages.length, bytes: passes * setBytes, seconds, passes,
    errors: errors / passes, segments: segments / passes,
  }));
}

main();
