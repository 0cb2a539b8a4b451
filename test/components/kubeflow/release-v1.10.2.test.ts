import { describeRelease } from "./conformance";

describeRelease("v1.10.2");
