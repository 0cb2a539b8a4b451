module.exports = require("./lazy").lazy("typescript");
