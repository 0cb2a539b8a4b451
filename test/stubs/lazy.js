// Modules that @pulumi/pulumi loads eagerly but the tests never use: its function serialisation (closures for
// Lambda and dynamic providers) loads TypeScript's compiler and npm's Arborist at import time, about 2 s of
// every test file that imports the SDK (jest loads modules afresh for each file). jest.config.js maps them
// here: each is loaded for real, from where the SDK would load it, on its first use.
const { createRequire } = require("module");

const fromSdk = createRequire(require.resolve("@pulumi/pulumi/package.json"));

/** A stand-in for `request` (resolved as the SDK would) that loads the real module on first use. */
function lazy(request) {
  const file = fromSdk.resolve(request);
  let real;
  const load = () => (real ??= require(file));
  return new Proxy(
    {},
    {
      get: (_, k) => (k === "__esModule" ? true : load()[k]),
      has: (_, k) => k in load(),
      ownKeys: () => Reflect.ownKeys(load()),
      getOwnPropertyDescriptor: (_, k) => {
        const d = Object.getOwnPropertyDescriptor(load(), k);
        return d === undefined ? undefined : { ...d, configurable: true };
      },
    },
  );
}

module.exports = { lazy };
