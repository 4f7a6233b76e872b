import { resolveTemporalCli } from '../local-stack/temporal-cli';

/** `npm run temporal:cli`: prints the path of the Temporal CLI, building it once if needed (progress on stderr). */
resolveTemporalCli().then(
  (path) => console.log(path),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
