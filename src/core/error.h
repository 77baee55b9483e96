#pragma once
// One error model for all of Sluice (see docs/ARCHITECTURE.md, "Errors").
//
// Errors that end an operation are thrown as one of the typed exceptions below
// and caught at the boundaries (CLI, HTTP, job runner). Expected per-row problems
// (a bad CSV row under --on-error skip) are values, counted and reported, never
// exceptions. Broken internal invariants are InternalError via SLUICE_ASSERT.
// Errors cross threads as std::exception_ptr (see core/scheduler.h).

#include <stdexcept>
#include <string>

namespace sluice {

/// What kind of failure an Error is; also decides the CLI's exit code.
enum class ErrorKind {
  kInvalidArgument,  ///< Bad option, flag or API argument given by the user.
  kIO,               ///< The operating system refused a read/write/open.
  kFormat,           ///< Input data does not follow its format (CSV, JSON, Parquet...).
  kConversion,       ///< A value cannot be converted to the requested type.
  kParse,            ///< SQL text does not parse.
  kBinder,           ///< SQL names/types do not resolve.
  kConstraint,       ///< A declared constraint (NOT NULL, key) is violated.
  kNotImplemented,   ///< A feature that is recognized but not built yet.
  kOutOfMemory,      ///< A memory limit was exceeded.
  kInterrupted,      ///< The user or a deadline stopped the operation.
  kCatalog,          ///< The catalog refused: a missing or existing object, a busy or
                     ///< unreachable store, a schema newer than this binary.
  kInternal,         ///< A bug: a broken invariant inside Sluice.
};

/// Name of an ErrorKind as shown to users ("format error", "I/O error", ...).
const char* ErrorKindName(ErrorKind kind);

/// Base of every exception Sluice throws on purpose. The message is complete and
/// user-facing: it names the file/line/column or SQL position and what was expected.
class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& message)
      : std::runtime_error(message), kind_(kind) {}
  ErrorKind kind() const { return kind_; }

 private:
  ErrorKind kind_;
};

#define SLUICE_DEFINE_ERROR(Name, Kind)                                      \
  class Name : public Error {                                                \
   public:                                                                   \
    explicit Name(const std::string& message) : Error(Kind, message) {}      \
  };

SLUICE_DEFINE_ERROR(InvalidArgumentError, ErrorKind::kInvalidArgument)
SLUICE_DEFINE_ERROR(IOError, ErrorKind::kIO)
SLUICE_DEFINE_ERROR(FormatError, ErrorKind::kFormat)
SLUICE_DEFINE_ERROR(ConversionError, ErrorKind::kConversion)
SLUICE_DEFINE_ERROR(ParseError, ErrorKind::kParse)
SLUICE_DEFINE_ERROR(BinderError, ErrorKind::kBinder)
SLUICE_DEFINE_ERROR(ConstraintError, ErrorKind::kConstraint)
SLUICE_DEFINE_ERROR(NotImplementedError, ErrorKind::kNotImplemented)
SLUICE_DEFINE_ERROR(OutOfMemoryError, ErrorKind::kOutOfMemory)
SLUICE_DEFINE_ERROR(InterruptedError, ErrorKind::kInterrupted)
SLUICE_DEFINE_ERROR(CatalogError, ErrorKind::kCatalog)
SLUICE_DEFINE_ERROR(InternalError, ErrorKind::kInternal)

#undef SLUICE_DEFINE_ERROR

/// Throws InternalError naming the broken invariant and where it was checked.
[[noreturn]] void ThrowAssertionFailure(const char* condition, const char* message,
                                        const char* file, int line);

}  // namespace sluice

/// Checks an internal invariant in every build type; a failure is a bug in Sluice.
#define SLUICE_ASSERT(condition, message)                                          \
  do {                                                                             \
    if (!(condition)) [[unlikely]]                                                 \
      ::sluice::ThrowAssertionFailure(#condition, message, __FILE__, __LINE__);    \
  } while (0)
