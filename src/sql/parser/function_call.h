#pragma once
// Function calls with everything Trino allows around them: DISTINCT, ORDER BY inside
// the arguments (array_agg, listagg), WITHIN GROUP, FILTER, IGNORE/RESPECT NULLS and
// OVER (window specification); plus the ORDER BY item shared with queries.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sql/parser/expression.h"

namespace sluice::sql {

enum class SortOrder : uint8_t { kDefault, kAscending, kDescending };
enum class NullOrder : uint8_t { kDefault, kNullsFirst, kNullsLast };

/// expr [ASC|DESC] [NULLS FIRST|LAST] (kDefault: not written).
struct OrderByItem {
  ExpressionPtr expression;
  SortOrder order = SortOrder::kDefault;
  NullOrder null_order = NullOrder::kDefault;

  std::string ToString() const;
};

/// Items separated by ", ".
std::string ToSql(const std::vector<OrderByItem>& items);

enum class FrameType : uint8_t { kRows, kRange, kGroups };
enum class FrameBoundType : uint8_t {
  kUnboundedPreceding,
  kPreceding,
  kCurrentRow,
  kFollowing,
  kUnboundedFollowing,
};

struct FrameBound {
  FrameBoundType type = FrameBoundType::kCurrentRow;
  ExpressionPtr offset;  ///< For kPreceding / kFollowing.
  std::string ToString() const;
};

/// ROWS|RANGE|GROUPS start, or ROWS|RANGE|GROUPS BETWEEN start AND end.
struct WindowFrame {
  FrameType type = FrameType::kRange;
  FrameBound start;
  std::optional<FrameBound> end;
  std::string ToString() const;
};

/// The inside of OVER (…) or of a WINDOW clause entry.
struct WindowSpec {
  std::optional<Identifier> existing_window;  ///< OVER (w ORDER BY …) refines window w.
  ExpressionList partition_by;
  std::vector<OrderByItem> order_by;
  std::optional<WindowFrame> frame;
  SourcePosition position;
  /// With the parentheses: "(PARTITION BY a ORDER BY b)".
  std::string ToString() const;
};

/// One argument; `name => value` for named arguments (table functions).
struct FunctionArgument {
  std::optional<Identifier> name;
  ExpressionPtr value;
};

enum class NullTreatment : uint8_t { kDefault, kIgnoreNulls, kRespectNulls };

/// name([DISTINCT] args [ORDER BY …]) [WITHIN GROUP (ORDER BY …)] [FILTER (WHERE …)]
/// [IGNORE|RESPECT NULLS] [OVER window]. COALESCE, NULLIF, IF and TRY are ordinary
/// calls here (the binder knows their special evaluation), as in Trino's grammar.
class FunctionCallExpression : public Expression {
 public:
  static constexpr ExpressionKind kKind = ExpressionKind::kFunctionCall;
  explicit FunctionCallExpression(SourcePosition position) : Expression(kKind, position) {}
  ~FunctionCallExpression() override;
  std::string ToString() const override;

  QualifiedName name;
  std::vector<FunctionArgument> arguments;
  bool star = false;  ///< count(*)
  bool distinct = false;
  std::vector<OrderByItem> order_by;      ///< array_agg(x ORDER BY y)
  std::vector<OrderByItem> within_group;  ///< listagg(x, ',') WITHIN GROUP (ORDER BY y)
  ExpressionPtr filter;                   ///< FILTER (WHERE …); null when absent.
  NullTreatment null_treatment = NullTreatment::kDefault;
  std::optional<Identifier> window_name;  ///< OVER w
  std::unique_ptr<WindowSpec> window;     ///< OVER (…)
};

}  // namespace sluice::sql
