#include "core/error.h"

#include <string>

namespace sluice {

const char* ErrorKindName(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInvalidArgument: return "invalid argument";
    case ErrorKind::kIO: return "I/O error";
    case ErrorKind::kFormat: return "format error";
    case ErrorKind::kConversion: return "conversion error";
    case ErrorKind::kParse: return "syntax error";
    case ErrorKind::kBinder: return "binder error";
    case ErrorKind::kConstraint: return "constraint violation";
    case ErrorKind::kNotImplemented: return "not implemented";
    case ErrorKind::kOutOfMemory: return "out of memory";
    case ErrorKind::kInterrupted: return "interrupted";
    case ErrorKind::kCatalog: return "catalog error";
    case ErrorKind::kInternal: return "internal error";
  }
  return "error";
}

void ThrowAssertionFailure(const char* condition, const char* message, const char* file,
                           int line) {
  throw InternalError(std::string("assertion failed: ") + message + " (" + condition +
                      " at " + file + ":" + std::to_string(line) + ")");
}

}  // namespace sluice
