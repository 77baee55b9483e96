#include "sql/parser/type_name.h"

namespace sluice::sql {

std::string TypeName::ToString() const {
  std::string result = name;
  if (!numeric_parameters.empty()) {
    result += '(';
    for (size_t i = 0; i < numeric_parameters.size(); ++i) {
      if (i > 0) result += ", ";
      result += std::to_string(numeric_parameters[i]);
    }
    result += ')';
  } else if (!type_parameters.empty()) {
    result += '(';
    for (size_t i = 0; i < type_parameters.size(); ++i) {
      if (i > 0) result += ", ";
      if (i < field_names.size() && !field_names[i].name.empty()) {
        result += field_names[i].ToString() + " ";
      }
      result += type_parameters[i].ToString();
    }
    result += ')';
  }
  if (with_time_zone) result += " with time zone";
  return result;
}

}  // namespace sluice::sql
