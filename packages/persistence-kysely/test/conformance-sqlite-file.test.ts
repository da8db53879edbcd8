import { describeConformanceOn } from "./helpers/describe-conformance-on";

describeConformanceOn("sqlite (file)");
