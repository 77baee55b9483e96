#pragma once
// The kinds of join the physical join operators implement, shared by the planner
// (sql/planner) and every join algorithm (hash, nested-loop, range).
//
// Sides: the probe side is children()[0] (streamed), the build side children()[1]
// (materialized first). Output columns, by type:
//   kInner, kLeft, kRight, kFull, kSingle: probe columns, then build columns;
//   kSemi, kAnti:                          probe columns only;
//   kMark:                                 probe columns, then one BOOLEAN column.

#include <cstdint>
#include <string>

namespace sluice::exec {

enum class JoinType : uint8_t {
  kInner,   ///< Pairs that satisfy the condition.
  kLeft,    ///< Inner pairs, plus each unmatched probe row with NULL build columns.
  kRight,   ///< Inner pairs, plus each unmatched build row with NULL probe columns.
  kFull,    ///< kLeft and kRight together.
  kSemi,    ///< Each probe row with at least one match, once (EXISTS, IN).
  kAnti,    ///< Each probe row with no match (NOT EXISTS; NOT IN when null_aware).
  kMark,    ///< Each probe row once, plus whether it matched: TRUE; else NULL when
            ///< null_aware and the comparison met a NULL (x IN (…, NULL)); else FALSE.
  kSingle,  ///< kLeft where a probe row may match at most one build row, else the
            ///< query fails ("scalar subquery returned more than one row").
};

/// "INNER", "LEFT", … for EXPLAIN.
inline std::string JoinTypeName(JoinType type) {
  switch (type) {
    case JoinType::kInner: return "INNER";
    case JoinType::kLeft: return "LEFT";
    case JoinType::kRight: return "RIGHT";
    case JoinType::kFull: return "FULL";
    case JoinType::kSemi: return "SEMI";
    case JoinType::kAnti: return "ANTI";
    case JoinType::kMark: return "MARK";
    case JoinType::kSingle: return "SINGLE";
  }
  return "?";
}

/// True when unmatched build rows are part of the output (a final pass is needed).
inline bool EmitsUnmatchedBuild(JoinType type) { return type == JoinType::kRight || type == JoinType::kFull; }

}  // namespace sluice::exec
