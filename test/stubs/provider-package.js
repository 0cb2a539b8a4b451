// The cloud providers' SDKs (@pulumi/aws, @pulumi/gcp) load every one of their few hundred service modules
// when their index is imported (each service module then loads its resources on first use): about 0.4 s of
// every test file that imports the program, for the dozen services it uses (jest loads modules afresh for
// each file). jest.config.js maps the packages here: a member is the package's own module, loaded from where
// the index would load it on first use: a service (`aws.eks`) from its directory, a top-level member
// (`aws.getRegionOutput`) from the file the index's own lazy loading names, or from a module the index
// re-exports whole (`aws.Provider` from ./provider), anything else through the real index.
const fs = require("fs");
const path = require("path");

/** A stand-in for the provider package `name` that loads each member on first use. */
function lazyPackage(name) {
  const root = path.dirname(require.resolve(`${name}/package.json`));
  const index = path.join(root, "index.js");
  // `utilities.lazyLoad(exports, ["Provider"], () => require("./provider"));`
  const topLevel = new Map();
  for (const m of fs
    .readFileSync(index, "utf8")
    .matchAll(/lazyLoad\(exports, \[([^\]]*)\], \(\) => require\("\.\/([\w.-]+)"\)\)/g)) {
    for (const member of m[2] === "" ? [] : m[1].split(",")) {
      topLevel.set(member.trim().replace(/^"|"$/g, ""), path.join(root, `${m[2]}.js`));
    }
  }
  // `__exportStar(require("./provider"), exports);`
  const reexported = [
    ...fs
      .readFileSync(index, "utf8")
      .matchAll(/__exportStar\(require\("\.\/([\w./-]+)"\), exports\)/g),
  ].map((m) => path.join(root, `${m[1]}.js`));
  let real;
  const full = () => (real ??= require(index));
  const members = new Map();
  const member = (k) => {
    if (typeof k !== "string") return full()[k];
    if (members.has(k)) return members.get(k);
    let value;
    if (
      real === undefined &&
      /^[a-z][\w]*$/.test(k) &&
      fs.existsSync(path.join(root, k, "index.js"))
    ) {
      value = require(path.join(root, k, "index.js"));
    } else if (real === undefined && topLevel.has(k)) {
      value = require(topLevel.get(k))[k];
    } else {
      const from = real === undefined ? reexported.find((file) => k in require(file)) : undefined;
      value = from !== undefined ? require(from)[k] : full()[k];
    }
    members.set(k, value);
    return value;
  };
  return new Proxy(
    {},
    {
      get: (_, k) => (k === "__esModule" ? true : member(k)),
      has: (_, k) => k in full(),
      ownKeys: () => Reflect.ownKeys(full()),
      getOwnPropertyDescriptor: (_, k) => {
        const d = Object.getOwnPropertyDescriptor(full(), k);
        return d === undefined ? undefined : { ...d, configurable: true };
      },
    },
  );
}

module.exports = { lazyPackage };
