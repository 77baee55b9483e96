#include "exec/window/window_layout.h"

#include <algorithm>

#include "core/error.h"

namespace sluice::exec {
namespace {

/// Identifies an expression exactly: printed text can be ambiguous (two columns of a
/// join may share a name), so column references count by index.
std::string Fingerprint(const sql::BoundExpression& expression) {
  if (expression.kind() == sql::BoundExpressionKind::kColumnRef) {
    std::string text = "#";  // appended, not "literal" + temporary (GCC 12 -Wrestrict)
    return text.append(std::to_string(expression.As<sql::BoundColumnRef>().index));
  }
  std::string text = expression.ToString() + "::" + expression.type().ToString() + "[";
  for (const auto& child : expression.children()) text += Fingerprint(*child) + ",";
  return text + "]";
}

}  // namespace

std::vector<DataType> WindowSortGroup::gathered_types(const std::vector<DataType>& stored_types) const {
  std::vector<DataType> types;
  for (size_t column : gathered_columns) types.push_back(stored_types[column]);
  return types;
}

WindowLayout::WindowLayout(const std::vector<DataType>& child_types, const std::vector<WindowCall>& calls)
    : num_child_columns_(child_types.size()), stored_types_(child_types) {
  for (size_t c = 0; c < calls.size(); ++c) {
    const WindowCall& call = calls[c];
    ValidateWindowCall(call);
    std::vector<size_t> partition_columns;
    for (const auto& expression : call.partition_by) {
      const size_t column = StoredColumn(expression);
      // PARTITION BY a, a is PARTITION BY a.
      if (std::find(partition_columns.begin(), partition_columns.end(), column) == partition_columns.end()) {
        partition_columns.push_back(column);
      }
    }
    std::vector<SortKey> keys;
    for (size_t column : partition_columns) keys.push_back(SortKey{column, true, false});
    for (const WindowOrderKey& key : call.order_by) {
      keys.push_back(SortKey{StoredColumn(key.expression), !key.descending, key.nulls_first});
    }
    auto same_spec = [&](const WindowSortGroup& group) {
      if (group.partition_columns != partition_columns || group.sort_keys.size() != keys.size()) return false;
      for (size_t k = 0; k < keys.size(); ++k) {
        const SortKey& a = group.sort_keys[k];
        if (a.column != keys[k].column || a.ascending != keys[k].ascending || a.nulls_first != keys[k].nulls_first) {
          return false;
        }
      }
      return true;
    };
    auto found = std::find_if(groups_.begin(), groups_.end(), same_spec);
    if (found == groups_.end()) {
      WindowSortGroup group;
      group.partition_columns = partition_columns;
      group.sort_keys = keys;
      for (size_t k = 0; k < keys.size(); ++k) {
        const size_t gathered = Gathered(&group, keys[k].column);
        (k < partition_columns.size() ? group.partition_keys : group.order_keys).push_back(gathered);
      }
      groups_.push_back(std::move(group));
      found = groups_.end() - 1;
    }
    std::vector<WindowInput> inputs;
    for (const auto& argument : call.arguments) {
      if (argument->IsFoldable()) {
        inputs.push_back(WindowInput{true, constants_.size()});
        constants_.push_back(argument);
      } else {
        inputs.push_back(WindowInput{false, Gathered(&*found, StoredColumn(argument))});
      }
    }
    found->calls.push_back(c);
    found->arguments.push_back(std::move(inputs));
  }
  // Encoders last: computed columns may have been added after a group was made.
  for (WindowSortGroup& group : groups_) {
    group.encoder = std::make_shared<SortKeyEncoder>(stored_types_, group.sort_keys);
  }
}

size_t WindowLayout::StoredColumn(const sql::BoundExpressionPtr& expression) {
  if (expression->kind() == sql::BoundExpressionKind::kColumnRef) {
    const size_t index = expression->As<sql::BoundColumnRef>().index;
    if (index >= num_child_columns_) {
      throw InvalidArgumentError("window expression " + expression->ToString() + " refers to column " +
                                 std::to_string(index) + " of " + std::to_string(num_child_columns_));
    }
    return index;
  }
  const std::string key = Fingerprint(*expression);
  auto found = std::find(computed_keys_.begin(), computed_keys_.end(), key);
  if (found != computed_keys_.end()) return num_child_columns_ + (found - computed_keys_.begin());
  computed_keys_.push_back(key);
  computed_.push_back(expression);
  stored_types_.push_back(expression->type());
  return stored_types_.size() - 1;
}

size_t WindowLayout::Gathered(WindowSortGroup* group, size_t stored) {
  auto& columns = group->gathered_columns;
  auto found = std::find(columns.begin(), columns.end(), stored);
  if (found != columns.end()) return found - columns.begin();
  columns.push_back(stored);
  return columns.size() - 1;
}

}  // namespace sluice::exec
