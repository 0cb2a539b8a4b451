import { describeRelease } from "./conformance";

describeRelease("v1.11.0");
