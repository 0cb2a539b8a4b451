/** The one implementation lives with the components, which suggest names too (components never import stacks/). */
export { editDistance, nearest } from "../../components/shared/nearest";
