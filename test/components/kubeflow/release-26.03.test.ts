import { describeRelease } from "./conformance";

describeRelease("26.03");
