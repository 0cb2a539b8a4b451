/** The `profiles` key: users and teams, their contributors, quotas and accelerators. */
import { notSupportedYet } from "./schema";

export const profilesSchema = notSupportedYet("The profiles section (multi-user profiles)");
