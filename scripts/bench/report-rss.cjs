// Preloaded (`node -r`) into a process the benchmark times: at exit, writes the
// process's peak resident set size in bytes to the file named by BENCH_RSS_FILE.
"use strict";
const { writeFileSync } = require("node:fs");

const file = process.env.BENCH_RSS_FILE;
if (file) process.once("exit", () => writeFileSync(file, String(process.resourceUsage().maxRSS * 1024)));
