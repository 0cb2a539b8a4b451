/** Upstream's default credentials, as found by scanning the three bundles' Secrets and env. */
export const UPSTREAM_DEFAULTS = {
  minioAccessKey: "minio",
  minioSecretKey: "minio123",
  mysqlTest: "test",
  postgres: "postgres",
  dexUserHash: "$2y$12$4K/VkmDd1q1Orb3xAt82zu8gk7Ad6ReFR4LCP9UeYE90NLiN9Df72",
  oidcClientSecret: "pUBnBOY80SnXgjibTYM9ZWNzY2xreNGQok",
  cookieSecret: "7d16fee92f8d11b8940b081b3f8b8acb",
};
/** Defaults distinctive enough to search for in every string, plain or base64. */
export const DISTINCTIVE = [
  UPSTREAM_DEFAULTS.minioSecretKey,
  UPSTREAM_DEFAULTS.dexUserHash,
  UPSTREAM_DEFAULTS.oidcClientSecret,
  UPSTREAM_DEFAULTS.cookieSecret,
];
