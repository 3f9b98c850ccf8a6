#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// Peer implementation of the monthly unit ranking job in DuckDB, in-process
// through the npm package @duckdb/node-api (which ships DuckDB's own Linux
// binary). The job itself is ranking.sql; this file only fills in the paths
// and runs its statements. DuckDB uses every core unless --threads says
// otherwise.
//
// Usage: node duckdb_rank.mjs --stations STATIONS.csv INPUT.csv OUTPUT.csv [--threads N]
// Output: unit,period,composite_index,rank (CSV with header)
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';

function usage() {
  process.stderr.write(
    'usage: node duckdb_rank.mjs --stations STATIONS.csv INPUT.csv OUTPUT.csv [--threads N]\n');
  process.exit(2);
}

const args = process.argv.slice(2);
const positional = [];
const config = {};
let stations = null;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--threads') {
    const n = Number(args[++i]);
    if (!Number.isInteger(n) || n < 1) usage();
    config.threads = String(n);
  } else if (args[i] === '--stations') {
    stations = args[++i];
    if (stations === undefined) usage();
  } else if (args[i].startsWith('-')) {
    usage();
  } else {
    positional.push(args[i]);
  }
}
if (positional.length !== 2 || stations === null) usage();
const [input, output] = positional;

// a quoted SQL string literal: single quotes doubled
const literal = (s) => `'${s.replaceAll("'", "''")}'`;

const here = dirname(fileURLToPath(import.meta.url));
const sql = readFileSync(join(here, 'ranking.sql'), 'utf8')
  .replaceAll(':input', literal(input))
  .replaceAll(':stations', literal(stations))
  .replaceAll(':output', literal(output));
// statements end with ';' at the end of a line; '--' comments are dropped
const statements = sql
  .split('\n')
  .filter((line) => !line.trimStart().startsWith('--'))
  .join('\n')
  .split(/;\s*\n/)
  .map((s) => s.trim())
  .filter((s) => s.length > 0);

const instance = await DuckDBInstance.create(':memory:', config);
const connection = await instance.connect();
for (const statement of statements) {
  await connection.run(statement.replace(/;$/, ''));
}
connection.closeSync();
instance.closeSync();
