// Entry point named in the docs; scripts/bench.mjs runs main.ts.
import './main';
