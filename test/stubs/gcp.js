module.exports = require("./provider-package").lazyPackage("@pulumi/gcp");
