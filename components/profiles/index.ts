/** Multi-user profiles: namespaces, contributors (as KFAM writes them), quotas and accelerator PodDefaults. */
export * from "./accelerators";
export * from "./kfam";
export * from "./namespace";
export * from "./option-docs";
export * from "./plan";
export * from "./profile";
export * from "./quota";
export * from "./spawner";
