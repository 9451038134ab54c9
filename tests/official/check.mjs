// Cross-check `hook sign` / `hook verify` (provider github) against the
// official @octokit/webhooks-methods. Run through tests/official/run.sh.
// One line per check: `ok github: ...` or `FAIL github: ... -- details`.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..", "..");
const HOOK = process.env.HOOK_BIN || join(root, "target/debug/hook");
const pkgDir = join(root, "target/official/npm/node_modules/@octokit/webhooks-methods");

let passed = 0;
let failed = 0;
const oneLine = (s, limit = 600) => {
  s = String(s).trim().split(/\r?\n/).filter((x) => x.trim()).join(" | ");
  return s.length <= limit ? s : s.slice(0, limit) + "…";
};
const report = (ok, what, detail) => {
  if (ok) {
    passed++;
    console.log(`ok github: ${what}`);
  } else {
    failed++;
    console.log(`FAIL github: ${what} -- ${oneLine(detail)}`);
  }
};
async function check(what, fn) {
  try {
    await fn();
    report(true, what);
  } catch (e) {
    report(false, what, e && e.message ? e.message : e);
  }
}

// Resolve the package's ESM entry from its own package.json "exports".
let sign, verify;
try {
  const pkg = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
  const exp = pkg.exports?.["."];
  const entry = exp?.node?.import || exp?.import || exp?.default || "dist-node/index.js";
  ({ sign, verify } = await import(pathToFileURL(join(pkgDir, entry)).href));
} catch (e) {
  console.log(`FAIL github: load @octokit/webhooks-methods from ${pkgDir} -- ${oneLine(e.message)}`);
  process.exit(1);
}

const tmp = mkdtempSync(join(tmpdir(), "hook-official-js-"));
let n = 0;
const bodyFile = (str) => {
  const p = join(tmp, `body${++n}`);
  writeFileSync(p, Buffer.from(str, "utf8"));
  return p;
};
const runHook = (args) => {
  const r = spawnSync(HOOK, args, { timeout: 30000, encoding: "utf8" });
  if (r.error) throw new Error(`hook ${args.join(" ")}: ${r.error.message}`);
  return r;
};
const parseHeaders = (text) => {
  const out = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \t]*(.*?)[ \t]*$/.exec(line);
    if (m) out[m[1].toLowerCase()] = m[2];
  }
  return out;
};
const hookSign = (secret, path) => {
  const r = runHook(["sign", "--provider", "github", "--secret", secret, path]);
  if (r.status !== 0) throw new Error(`hook sign --provider github exited ${r.status}: ${r.stderr}`);
  const sig = parseHeaders(r.stdout)["x-hub-signature-256"];
  if (!sig) throw new Error(`hook sign printed no X-Hub-Signature-256 line; stdout: ${JSON.stringify(r.stdout)}`);
  return sig;
};
const expectVerify = (rc, secret, path, sig) => {
  const r = runHook(["verify", "--provider", "github", "--secret", secret, "-H", `X-Hub-Signature-256: ${sig}`, path]);
  if (r.status !== rc)
    throw new Error(
      `hook verify exit ${r.status}, expected ${rc}; X-Hub-Signature-256: ${sig}; stdout: ${oneLine(r.stdout, 300)}; stderr: ${oneLine(r.stderr, 300)}`,
    );
};

// [label, secret, body string (UTF-8), expected signature or null]
const cases = [
  [
    "octokit unicode vector (secret development)",
    "development",
    '{"foo":"Foo\\n\\u001B[34mbar: ♥♥♥♥♥♥♥♥\\nthis-is-lost\\u001B[0m\\u001B[2K"}',
    "sha256=afecc3caa27548bb90d51a50384cb2868b9a3327b4ad6a01c9bd4ed0f8b0b12c",
  ],
  [
    "docs vector Hello, World!",
    "It's a Secret to Everybody",
    "Hello, World!",
    "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
  ],
  [
    "octokit vector {\"foo\":\"bar\"}",
    "mysecret",
    '{"foo":"bar"}',
    "sha256=4864d2759938a15468b5df9ade20bf161da9b4f737ea61794142f3484236bda3",
  ],
  [
    "unicode JSON with trailing newline",
    "s3cr3t ♥ ünïcode",
    '{"action":"opened","title":"Zoë Ångström ♥ 日本語 🚀","escaped":"\\u00e9\\n"}\n',
    null,
  ],
];

try {
  for (const [label, secret, body, expected] of cases) {
    const path = bodyFile(body);
    await check(`hook sign (${label}) accepted by @octokit/webhooks-methods verify`, async () => {
      const sig = hookSign(secret, path);
      if (expected && sig !== expected) throw new Error(`X-Hub-Signature-256: expected ${expected}, got ${sig}`);
      if (!(await verify(secret, body, sig)))
        throw new Error(`verify() returned false for ${sig}; sign() gives ${await sign(secret, body)}`);
    });
    await check(`@octokit/webhooks-methods sign (${label}) accepted by hook verify`, async () => {
      expectVerify(0, secret, path, await sign(secret, body));
    });
    await check(`hook verify rejects octokit signature with wrong secret (${label}) (exit 1)`, async () => {
      expectVerify(1, secret + "-wrong", path, await sign(secret, body));
    });
    await check(`@octokit/webhooks-methods rejects an uppercase-hex signature, and so does hook verify (${label}) (exit 1)`, async () => {
      const upper = "sha256=" + (await sign(secret, body)).slice("sha256=".length).toUpperCase();
      if (await verify(secret, body, upper)) throw new Error(`verify() accepted ${upper}; this check expects it to reject`);
      expectVerify(1, secret, path, upper);
    });
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
