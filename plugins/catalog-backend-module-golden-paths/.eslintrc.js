// The skeletons under templates/ are the generated services' code, with their
// own dependencies; they are checked by the template tests after rendering.
module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  ignorePatterns: ['templates/**'],
});
