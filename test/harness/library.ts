/**
 * Components built directly, as a platform team's program builds them: under the mocks, with no stack config
 * (components read none), and their refusals of bad arguments.
 */
import * as pulumi from "@pulumi/pulumi";
import { Inventory, runProgram } from "./index";

/** Run `body` under the mocks, with no stack config. */
export function libraryRun(body: () => void): Promise<Inventory> {
  return runProgram({}, { configAsGiven: true }, body);
}

/** The InputPropertiesError `build` throws at once (fails when it throws nothing or something else). */
export function refusal(build: () => unknown): pulumi.InputPropertiesError {
  try {
    build();
  } catch (e) {
    if (pulumi.InputPropertiesError.isInstance(e)) return e;
    throw e;
  }
  throw new Error("the component accepted the arguments");
}

/** The InputPropertiesError `body` throws inside a library run (fails the test when it throws anything else). */
export async function refusalInRun(body: () => void): Promise<pulumi.InputPropertiesError> {
  let error: unknown;
  await libraryRun(() => {
    try {
      body();
    } catch (e) {
      error = e;
    }
  });
  expect(pulumi.InputPropertiesError.isInstance(error)).toBe(true);
  return error as pulumi.InputPropertiesError;
}
