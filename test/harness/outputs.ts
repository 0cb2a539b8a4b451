/** The mocks' outputs live with the offline runner (tools/offline), which `npm run verify` uses too. */
export { MOCK_CA_DATA, mockCall, mockOutputs } from "../../tools/offline/mocks";
