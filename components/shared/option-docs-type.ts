/**
 * The shape of a generated `X_OPTION_DOCS` constant (components/<folder>/option-docs.ts, written by
 * `npm run option-docs -- --write`): one TSDoc summary per field of the options type, inherited fields
 * included, so that a field added without regenerating fails to compile. The stack schema takes its
 * parameter descriptions from these constants: each option's description is written once, in its TSDoc.
 */
export type OptionDocs<T> = { readonly [K in keyof Required<T>]: string };
