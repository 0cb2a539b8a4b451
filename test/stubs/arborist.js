module.exports = require("./lazy").lazy("@npmcli/arborist");
