// @ts-check
// Everything the runners use to drive a real VS Code: process helpers, code-server and the browser, in one object
// (`const cs = require('./lib')`), as scripts/codeServer.js exported them before it was split.
'use strict';

module.exports = {
  ...require('./processes'),
  ...require('./codeServer'),
  ...require('./browser'),
};
