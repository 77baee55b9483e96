// Runs each benchmark file through Sluice (build/sluice-bench-scan) and DuckDB
// (bench/duckdb/scan.cjs) on 1 and 2 threads, in one run on the same files, and writes
// throughput, ratios and peak memory to docs/BENCHMARKS.md.
//   node bench/run.cjs BUILD LINEITEM SPACE_EVENTS OUTPUT_MD
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const [build, lineitem, space, output] = process.argv.slice(2);
const repeat = Number(process.env.BENCH_REPEAT || 3);
const root = path.join(__dirname, '..');

const files = [
  {
    name: 'TPC-H lineitem SF1 (\'|\' CSV)', file: lineitem,
    sluice: ['--format', 'csv', '--delimiter', '|', '--no-header'],
    duck: "delim='|', header=false",
    compareNonNull: true,
  },
  {
    name: 'space events (Redshift UNLOAD)', file: space,
    sluice: ['--format', 'csv', '--preset', 'redshift-unload'],
    // DuckDB has no UNLOAD dialect: these are its closest settings. It applies escapes
    // only to quotes inside quoted values and then fails to convert the `\N` NULLs to
    // numbers, so it reads every column as VARCHAR — less work than our typed read.
    duck: "delim='|', header=false, quote='\"', escape='\\', nullstr='\\N', strict_mode=false, " +
      "all_varchar=true",
    compareNonNull: false,
  },
];

/** Runs a command under /usr/bin/time; returns its JSON output plus peak RSS in MiB. */
function measure(command, args) {
  const timeFile = path.join(os.tmpdir(), `sluice-bench-time-${process.pid}`);
  const stdout = execFileSync('/usr/bin/time', ['-f', '%M', '-o', timeFile, command, ...args],
    { encoding: 'utf8', maxBuffer: 1 << 20, stdio: ['ignore', 'pipe', 'inherit'] });
  const rssKiB = Number(fs.readFileSync(timeFile, 'utf8').trim().split('\n').pop());
  fs.unlinkSync(timeFile);
  return { ...JSON.parse(stdout.trim().split('\n').pop()), rssMiB: rssKiB / 1024 };
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function run(engine, file, threads) {
  const results = [];
  for (let i = 0; i < repeat; i++) {
    if (engine === 'sluice') {
      results.push(measure(path.join(build, 'sluice-bench-scan'),
        [...file.sluice, '--threads', String(threads), file.file]));
    } else {
      results.push(measure('node', [path.join(root, 'bench', 'duckdb', 'scan.cjs'), file.file,
        String(threads), file.duck]));
    }
  }
  return {
    seconds: median(results.map((r) => r.seconds)),
    rssMiB: Math.max(...results.map((r) => r.rssMiB)),
    rows: results[0].rows,
    nonNull: results[0].non_null,
  };
}

function nodeBaselineMiB() {
  const script = `const p=require('module').createRequire(${JSON.stringify(path.join(root, 'peers', 'package.json'))});` +
    `p('@duckdb/node-api').DuckDBInstance.create(':memory:').then(i=>i.connect()).then(()=>console.log('{}'))`;
  return measure('node', ['-e', script]).rssMiB;
}

function machine() {
  const cpus = os.cpus();
  return `${cpus[0].model}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ` +
    `${os.type()} ${os.release()}`;
}

function main() {
  const rows = [];
  let problems = 0;
  for (const file of files) {
    const mb = fs.statSync(file.file).size / 1e6;
    for (const threads of [1, 2]) {
      const ours = run('sluice', file, threads);
      const theirs = run('duckdb', file, threads);
      let check = ours.rows === theirs.rows ? 'rows equal' : `ROWS DIFFER (${ours.rows} vs ${theirs.rows})`;
      if (ours.rows !== theirs.rows) problems++;
      if (file.compareNonNull && ours.rows === theirs.rows) {
        const same = JSON.stringify(ours.nonNull) === JSON.stringify(theirs.nonNull);
        check += same ? ', non-NULL counts equal' : ', NON-NULL COUNTS DIFFER';
        if (!same) problems++;
      }
      const r = {
        name: file.name, mb, threads,
        ourSpeed: mb / ours.seconds, theirSpeed: mb / theirs.seconds,
        ourRss: ours.rssMiB, theirRss: theirs.rssMiB, check,
      };
      rows.push(r);
      console.log(`${r.name}, ${threads} thread(s): sluice ${r.ourSpeed.toFixed(0)} MB/s ` +
        `${r.ourRss.toFixed(0)} MiB; duckdb ${r.theirSpeed.toFixed(0)} MB/s ${r.theirRss.toFixed(0)} MiB; ${check}`);
    }
  }
  const baseline = nodeBaselineMiB();
  const date = new Date().toISOString().slice(0, 10);
  let md = `# Benchmarks\n\nProduced by \`make bench\` (bench/run.sh → bench/run.cjs) on ${date}.\n\n` +
    `Machine: ${machine()}.\n\n` +
    `## CSV parse throughput\n\n` +
    `Each engine reads the whole file and converts every column to its type (Sluice: ` +
    `build/sluice-bench-scan; DuckDB ${require(path.join(root, 'peers', 'node_modules', '@duckdb', 'node-api', 'package.json')).version} ` +
    `via @duckdb/node-api: \`SELECT count(*), count(COLUMNS(*)) FROM read_csv(…)\`). ` +
    `Throughput is file size / median time of ${repeat} runs, measured inside each process ` +
    `(startup excluded). Peak memory is the process's maximum RSS (/usr/bin/time); DuckDB's ` +
    `includes node, whose baseline with DuckDB loaded is ${baseline.toFixed(0)} MiB.\n\n` +
    `| file | MB | threads | Sluice MB/s | DuckDB MB/s | speed ratio | Sluice peak MiB | DuckDB peak MiB | memory ratio | answers |\n` +
    `|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n`;
  for (const r of rows) {
    md += `| ${r.name} | ${r.mb.toFixed(0)} | ${r.threads} | ${r.ourSpeed.toFixed(0)} | ${r.theirSpeed.toFixed(0)} | ` +
      `${(r.ourSpeed / r.theirSpeed).toFixed(2)} | ${r.ourRss.toFixed(0)} | ${r.theirRss.toFixed(0)} | ` +
      `${(r.ourRss / r.theirRss).toFixed(2)} | ${r.check} |\n`;
  }
  md += `\nSpeed ratio = Sluice / DuckDB throughput (> 1: Sluice faster). Memory ratio = Sluice / DuckDB ` +
    `peak RSS (< 1: Sluice uses less).\n\nReproduce: \`make bench\` (\`BENCH_REPEAT\`, \`BENCH_SF\`, ` +
    `\`BENCH_SPACE_BYTES\` change the defaults 3, 1, 1G).\n`;
  fs.writeFileSync(output, md);
  console.log(`wrote ${output}`);
  process.exit(problems === 0 ? 0 : 1);
}

main();
