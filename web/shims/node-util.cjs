// What elfy uses of Node's `util`, for the browser bundle: inherits (the classic prototype link).
exports.inherits = function inherits(ctor, superCtor) {
  Object.setPrototypeOf(ctor.prototype, superCtor.prototype);
};
