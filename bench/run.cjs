// Runs each benchmark file through Sluice (build/sluice-bench-scan) and DuckDB
// (bench/duckdb/scan.cjs) on 1 and 2 threads, in one run on the same files, then the 22
// TPC-H queries (bench/tpch_bench.cjs), and writes throughput, ratios and peak memory to
// docs/BENCHMARKS.md.
//   node bench/run.cjs BUILD LINEITEM SPACE_EVENTS OUTPUT_MD
// BENCH_ONLY=tpch runs only the TPC-H section and replaces just that section of OUTPUT_MD
// (between the tpch markers); BENCH_TPCH=0 skips it (and keeps the old one).
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const [build, lineitem, space, output] = process.argv.slice(2);
const repeat = Number(process.env.BENCH_REPEAT || 3);
const root = path.join(__dirname, '..');
const only = process.env.BENCH_ONLY || '';
const tpchSf = process.env.BENCH_TPCH_SF || '1';
const kTpchBegin = '<!-- tpch:begin (bench/tpch_bench.cjs) -->';
const kTpchEnd = '<!-- tpch:end -->';

const files = [
  {
    name: 'TPC-H lineitem SF1 (\'|\' CSV)', file: lineitem,
    sluice: ['--format', 'csv', '--delimiter', '|', '--no-header'],
    sluiceConvert: ['--delimiter', '|', '--no-header'],
    duck: "delim='|', header=false",
    compareNonNull: true,
  },
  {
    name: 'space events (Redshift UNLOAD)', file: space,
    sluice: ['--format', 'csv', '--preset', 'redshift-unload'],
    sluiceConvert: ['--preset', 'redshift-unload'],
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

/** Runs a command under /usr/bin/time; returns wall seconds and peak RSS in MiB. */
function measureWall(command, args) {
  const timeFile = path.join(os.tmpdir(), `sluice-bench-time-${process.pid}`);
  const start = process.hrtime.bigint();
  execFileSync('/usr/bin/time', ['-f', '%M', '-o', timeFile, command, ...args],
    { encoding: 'utf8', maxBuffer: 1 << 20, stdio: ['ignore', 'ignore', 'inherit'] });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const rssKiB = Number(fs.readFileSync(timeFile, 'utf8').trim().split('\n').pop());
  fs.unlinkSync(timeFile);
  return { seconds, rssMiB: rssKiB / 1024 };
}

/** CSV → Parquet by both engines; returns the medians and output sizes. */
function convert(file, threads, outDir) {
  const base = path.basename(file.file).replace(/\.[^.]*$/, '');
  const ourOut = path.join(outDir, `${base}.sluice.parquet`);
  const theirOut = path.join(outDir, `${base}.duckdb.parquet`);
  const ours = [];
  const theirs = [];
  for (let i = 0; i < repeat; i++) {
    fs.rmSync(ourOut, { force: true });
    ours.push(measureWall(path.join(build, 'sluice'),
      ['--threads', String(threads), 'convert', file.file, ourOut, '--quiet', ...file.sluiceConvert]));
    fs.rmSync(theirOut, { force: true });
    theirs.push(measure('node', [path.join(root, 'bench', 'duckdb', 'convert.cjs'), file.file,
      theirOut, String(threads), file.duck]));
  }
  return {
    ours: { seconds: median(ours.map((r) => r.seconds)), rssMiB: Math.max(...ours.map((r) => r.rssMiB)),
      bytes: fs.statSync(ourOut).size, file: ourOut },
    theirs: { seconds: median(theirs.map((r) => r.seconds)), rssMiB: Math.max(...theirs.map((r) => r.rssMiB)),
      bytes: fs.statSync(theirOut).size, file: theirOut },
  };
}

/** A full scan of a Parquet file (MAX of every column) by both engines. */
function scanParquet(file, threads) {
  const ours = [];
  const theirs = [];
  for (let i = 0; i < repeat; i++) {
    ours.push(measure(path.join(build, 'sluice-bench-scan'),
      ['--format', 'parquet', '--max', '--threads', String(threads), file]));
    theirs.push(measure('node', [path.join(root, 'bench', 'duckdb', 'scan.cjs'), file,
      String(threads), '', 'parquet', 'max']));
  }
  const summary = (results) => ({
    seconds: median(results.map((r) => r.seconds)), rssMiB: Math.max(...results.map((r) => r.rssMiB)),
    rows: results[0].rows, nonNull: results[0].non_null, max: results[0].max,
  });
  return { ours: summary(ours), theirs: summary(theirs) };
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

/** The TPC-H section between its markers, or '' when BENCH_TPCH=0. */
async function tpchSection() {
  if (process.env.BENCH_TPCH === '0') return { markdown: '', problems: 0 };
  const { RunTpchBench } = require('./tpch_bench.cjs');
  const result = await RunTpchBench({
    root, build: path.resolve(build), sf: tpchSf, repeat, threads: 2,
    timeoutSeconds: Number(process.env.BENCH_TPCH_TIMEOUT || 600), nodeBaselineMiB: nodeBaselineMiB(),
  });
  return { markdown: `${kTpchBegin}\n${result.markdown}${kTpchEnd}\n`, problems: result.problems };
}

/** The TPC-H section of an existing report (kept when this run skips it). */
function oldTpchSection() {
  const old = fs.existsSync(output) ? fs.readFileSync(output, 'utf8') : '';
  const begin = old.indexOf(kTpchBegin);
  const end = old.indexOf(kTpchEnd);
  return begin >= 0 && end > begin ? old.slice(begin, end + kTpchEnd.length) + '\n' : '';
}

/** BENCH_ONLY=tpch: replaces (or adds before the closing notes) only the TPC-H section. */
async function mainTpchOnly() {
  const tpch = await tpchSection();
  let md = fs.existsSync(output) ? fs.readFileSync(output, 'utf8') : '# Benchmarks\n\n';
  const begin = md.indexOf(kTpchBegin);
  const end = md.indexOf(kTpchEnd);
  if (begin >= 0 && end > begin) {
    md = md.slice(0, begin) + tpch.markdown + md.slice(end + kTpchEnd.length).replace(/^\n/, '');
  } else {
    const notes = md.indexOf('\nSpeed ratio = Sluice / DuckDB throughput');
    md = notes >= 0 ? `${md.slice(0, notes + 1)}${tpch.markdown}${md.slice(notes)}` : `${md.trimEnd()}\n\n${tpch.markdown}`;
  }
  fs.writeFileSync(output, md);
  console.log(`wrote ${output}`);
  process.exit(tpch.problems === 0 ? 0 : 1);
}

async function main() {
  if (only === 'tpch') return mainTpchOnly();
  if (only !== '') throw new Error(`BENCH_ONLY=${only}: only 'tpch' is known`);
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
  const converts = [];
  const scans = [];
  if (process.env.BENCH_PARQUET !== '0') {
    const outDir = path.join(root, 'bench', 'out');
    fs.mkdirSync(outDir, { recursive: true });
    for (const file of files) {
      const mb = fs.statSync(file.file).size / 1e6;
      const c = convert(file, 2, outDir);
      const r = { name: file.name, mb, threads: 2, ...c };
      converts.push(r);
      console.log(`CSV → Parquet ${file.name}: sluice ${(mb / c.ours.seconds).toFixed(0)} MB/s ` +
        `${c.ours.rssMiB.toFixed(0)} MiB ${(c.ours.bytes / 1e6).toFixed(1)} MB; duckdb ` +
        `${(mb / c.theirs.seconds).toFixed(0)} MB/s ${c.theirs.rssMiB.toFixed(0)} MiB ` +
        `${(c.theirs.bytes / 1e6).toFixed(1)} MB`);
      if (file === files[0]) {
        for (const [writer, parquetFile] of [['Sluice', c.ours.file], ['DuckDB', c.theirs.file]]) {
          for (const threads of [1, 2]) {
            const s = scanParquet(parquetFile, threads);
            let check = s.ours.rows === s.theirs.rows ? 'rows equal' : `ROWS DIFFER (${s.ours.rows} vs ${s.theirs.rows})`;
            if (s.ours.rows !== s.theirs.rows) problems++;
            const sameCounts = JSON.stringify(s.ours.nonNull) === JSON.stringify(s.theirs.nonNull);
            // Numbers compare as numbers: DuckDB prints DECIMAL(2,2) 0.10 as ".10".
            const norm = (v) => (v !== null && v !== '' && Number.isFinite(Number(v)) ? String(Number(v)) : v);
            const sameMax = JSON.stringify(s.ours.max.map(norm)) === JSON.stringify(s.theirs.max.map(norm));
            check += sameCounts ? ', non-NULL counts equal' : ', NON-NULL COUNTS DIFFER';
            check += sameMax ? ', MAX equal' : `, MAX DIFFERS (${JSON.stringify(s.ours.max)} vs ${JSON.stringify(s.theirs.max)})`;
            if (!sameCounts || !sameMax) problems++;
            const bytes = fs.statSync(parquetFile).size;
            scans.push({ name: `lineitem SF1 written by ${writer}`, mb: bytes / 1e6, threads, ...s, check });
            console.log(`scan lineitem.parquet (${writer}) ${threads} thread(s): sluice ${s.ours.seconds.toFixed(2)} s ` +
              `${s.ours.rssMiB.toFixed(0)} MiB; duckdb ${s.theirs.seconds.toFixed(2)} s ${s.theirs.rssMiB.toFixed(0)} MiB; ${check}`);
          }
        }
      }
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
  if (converts.length > 0) {
    md += `\n## CSV → Parquet\n\n` +
      `\`sluice convert FILE OUT.parquet\` (snappy, default row groups; wall time of the process) beside ` +
      `DuckDB's \`COPY (SELECT * FROM read_csv(…)) TO … (FORMAT parquet)\` (snappy; time inside the ` +
      `process), 2 threads, median of ${repeat}. Throughput is CSV size / time. For the space events DuckDB ` +
      `reads every column as VARCHAR (see above), so its file holds text where ours holds typed columns.\n\n` +
      `| file | CSV MB | Sluice MB/s | DuckDB MB/s | speed ratio | Sluice peak MiB | DuckDB peak MiB | memory ratio | Sluice output MB | DuckDB output MB | size ratio |\n` +
      `|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n`;
    for (const r of converts) {
      md += `| ${r.name} | ${r.mb.toFixed(0)} | ${(r.mb / r.ours.seconds).toFixed(0)} | ${(r.mb / r.theirs.seconds).toFixed(0)} | ` +
        `${(r.theirs.seconds / r.ours.seconds).toFixed(2)} | ${r.ours.rssMiB.toFixed(0)} | ${r.theirs.rssMiB.toFixed(0)} | ` +
        `${(r.ours.rssMiB / r.theirs.rssMiB).toFixed(2)} | ${(r.ours.bytes / 1e6).toFixed(1)} | ${(r.theirs.bytes / 1e6).toFixed(1)} | ` +
        `${(r.ours.bytes / r.theirs.bytes).toFixed(2)} |\n`;
    }
  }
  if (scans.length > 0) {
    md += `\n## Parquet full scan\n\n` +
      `Both engines read every column of the same lineitem.parquet and compute count and MAX of every ` +
      `column (Sluice: \`sluice-bench-scan --format parquet --max\`; DuckDB: ` +
      `\`SELECT count(*), count(COLUMNS(*)), max(COLUMNS(*)) FROM read_parquet(…)\`), median of ${repeat}; ` +
      `the answers are compared.\n\n` +
      `| file | MB | threads | Sluice s | DuckDB s | speed ratio | Sluice peak MiB | DuckDB peak MiB | memory ratio | answers |\n` +
      `|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n`;
    for (const r of scans) {
      md += `| ${r.name} | ${r.mb.toFixed(0)} | ${r.threads} | ${r.ours.seconds.toFixed(2)} | ${r.theirs.seconds.toFixed(2)} | ` +
        `${(r.theirs.seconds / r.ours.seconds).toFixed(2)} | ${r.ours.rssMiB.toFixed(0)} | ${r.theirs.rssMiB.toFixed(0)} | ` +
        `${(r.ours.rssMiB / r.theirs.rssMiB).toFixed(2)} | ${r.check} |\n`;
    }
  }
  const tpch = await tpchSection();
  problems += tpch.problems;
  md += `\n${tpch.markdown || oldTpchSection()}`;
  md += `\nSpeed ratio = Sluice / DuckDB throughput (> 1: Sluice faster). Memory ratio = Sluice / DuckDB ` +
    `peak RSS (< 1: Sluice uses less).\n\nReproduce: \`make bench\` (\`BENCH_REPEAT\`, \`BENCH_SF\`, ` +
    `\`BENCH_SPACE_BYTES\` change the defaults 3, 1, 1G; \`BENCH_PARQUET=0\` skips the Parquet part; ` +
    `\`BENCH_TPCH=0\` skips TPC-H, \`BENCH_ONLY=tpch\` runs only TPC-H).\n`;
  fs.writeFileSync(output, md);
  console.log(`wrote ${output}`);
  process.exit(problems === 0 ? 0 : 1);
}

main().catch((e) => {
  console.error(e.stack || String(e));
  process.exit(1);
});
