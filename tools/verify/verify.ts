/**
 * The whole-platform verification of one object set: every cross-object rule and every user journey.
 */
import { RULES } from "./rules";
import { JOURNEYS } from "./journeys";
import { AUTH_RULES } from "./rules/auth-rules";
import { PlatformSet, Rule, Violation } from "./types";

/** What a verification found. */
export interface VerifyResult {
  /** Names of the checks run (rules, then journeys). */
  checks: string[];
  violations: Violation[];
}

/** Run the given rules (default: every rule and journey) over a set. */
export function verifySet(set: PlatformSet, rules: readonly Rule[] = allChecks()): VerifyResult {
  return { checks: rules.map((r) => r.name), violations: rules.flatMap((r) => r.check(set)) };
}

/** Every check of the verification: the cross-object rules, then the journeys. */
export function allChecks(): readonly Rule[] {
  return [...RULES, ...AUTH_RULES, ...JOURNEYS];
}
