// router's deprecation warnings: the guest has no stderr to print them on. CommonJS, as router calls require('depd')(name).
module.exports = function depd() {
  const deprecate = function () {};
  deprecate.function = (fn) => fn;
  deprecate.property = () => {};
  return deprecate;
};
