module.exports = require("./provider-package").lazyPackage("@pulumi/aws");
