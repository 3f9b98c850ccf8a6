#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// Peer implementation of the monthly unit ranking job in DuckDB, in-process
// through the npm package @duckdb/node-api (which ships DuckDB's own Linux
// binary). The job itself is ranking.sql; this file only fills in the paths
// and runs its statements. DuckDB uses every core unless --threads says
// otherwise.
//
// Usage: node duckdb_rank.mjs --stations STATIONS.csv INPUT.csv OUTPUT.csv
//            [--threads N] [--layout NAME]
// Output: unit,period,composite_index,rank (CSV with header)
//
// --layout names the layout of INPUT (gen_hourly.c --layout; default
// canonical): the query that reads it is HOURLY[layout] below, each giving
// station, time (UTC+8), so2, no2, pm10, pm25, co, o3 to ranking.sql, as a
// DuckDB user would write it for that file. Times with an offset are
// converted by hand (DuckDB's time zones need its ICU extension, which is
// downloaded at run time).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';

function usage() {
  process.stderr.write(
    'usage: node duckdb_rank.mjs --stations STATIONS.csv INPUT.csv OUTPUT.csv [--threads N] [--layout NAME]\n');
  process.exit(2);
}

// read_csv with these columns (name: type) and options
const csv = (columns, options = '') =>
  `read_csv(:input, auto_detect = false, header = true, delim = ',', quote = '"', ` +
  `columns = {${Object.entries(columns).map(([k, v]) => `'${k}': '${v}'`).join(', ')}}${options})`;
const VALUES = { so2: 'INTEGER', no2: 'INTEGER', pm10: 'INTEGER', pm25: 'INTEGER',
                 co: 'DECIMAL(9,1)', o3: 'INTEGER' };
const VALUE_LIST = 'so2, no2, pm10, pm25, co, o3';
const canonical =
  `SELECT station, "time", ${VALUE_LIST} FROM ` +
  csv({ station: 'VARCHAR', time: 'TIMESTAMP', ...VALUES }, ", timestampformat = '%Y-%m-%dT%H:%M'");
const HOURLY = {
  canonical,
  crlf: canonical,
  // 2024-01-01T00:00:00+08:00: the local time minus its offset, plus 8 h
  issue19:
    `SELECT station_code AS station, ` +
    `strptime(left(timestamp, 19), '%Y-%m-%dT%H:%M:%S') + to_minutes(480 - ` +
    `(CASE WHEN substr(timestamp, 20, 1) = '-' THEN -1 ELSE 1 END) * ` +
    `(CAST(substr(timestamp, 21, 2) AS INTEGER) * 60 + CAST(substr(timestamp, 24, 2) AS INTEGER))) ` +
    `AS "time", ${VALUE_LIST} FROM ` +
    csv({ station_code: 'VARCHAR', city: 'VARCHAR', timestamp: 'VARCHAR', pm25: 'INTEGER',
          pm10: 'INTEGER', so2: 'INTEGER', no2: 'INTEGER', co: 'DECIMAL(9,1)', o3: 'INTEGER' }),
  quoted:
    `SELECT station, "time", ${VALUE_LIST} FROM ` +
    csv({ station: 'VARCHAR', name: 'VARCHAR', time: 'TIMESTAMP', ...VALUES },
        ", timestampformat = '%Y-%m-%d %H:%M'"),
  name:
    `SELECT station, "time", ${VALUE_LIST} FROM ` +
    csv({ station: 'VARCHAR', name: 'VARCHAR', time: 'TIMESTAMP', ...VALUES },
        ", timestampformat = '%Y-%m-%dT%H:%M', nullstr = ['', 'NA']"),
  // 2023-12-31T16:00:00Z: UTC, plus 8 h
  reordered:
    `SELECT station, strptime(left("time", 19), '%Y-%m-%dT%H:%M:%S') + INTERVAL 8 HOUR AS "time", ` +
    `${VALUE_LIST} FROM ` +
    csv({ time: 'VARCHAR', station: 'VARCHAR', o3: 'INTEGER', co: 'DECIMAL(9,1)', pm25: 'INTEGER',
          pm10: 'INTEGER', no2: 'INTEGER', so2: 'INTEGER' }, ", nullstr = ['', 'NA']"),
};

const args = process.argv.slice(2);
const positional = [];
const config = {};
let stations = null;
let layout = 'canonical';
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--threads') {
    const n = Number(args[++i]);
    if (!Number.isInteger(n) || n < 1) usage();
    config.threads = String(n);
  } else if (args[i] === '--layout') {
    layout = args[++i];
    if (!(layout in HOURLY)) usage();
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
  .replaceAll(':hourly', HOURLY[layout])
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
