#include "dosing/screening.h"

#include <algorithm>
#include <cctype>

namespace titrate::dosing {
namespace {

bool contains_word(std::string_view text, std::string_view word) {
  if (word.empty() || text.size() < word.size()) return false;
  auto lower = [](char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  };
  const auto it = std::search(text.begin(), text.end(), word.begin(), word.end(),
                              [&](char a, char b) { return lower(a) == lower(b); });
  return it != text.end();
}

bool is_current(const model::Condition& condition) {
  const std::string& s = condition.clinical_status;
  return s != "inactive" && s != "remission" && s != "resolved";
}

// The coding (or, for a text word, a coding carrying only that word) that `rule` matches.
std::optional<model::Coding> match(const ScreeningRule& rule, const model::CodeableConcept& c) {
  for (const model::Coding& coding : c.codings) {
    const bool listed = std::any_of(rule.codes.begin(), rule.codes.end(),
                                    [&](const CodeMatch& m) { return code_matches(m, coding); });
    const bool excepted = std::any_of(rule.except.begin(), rule.except.end(),
                                      [&](const CodeMatch& m) { return code_matches(m, coding); });
    if (listed && !excepted) return model::Coding{coding.system, coding.code, coding.display};
  }
  for (const std::string& word : rule.text) {
    bool found = contains_word(c.text, word);
    for (const model::Coding& coding : c.codings)
      found = found || contains_word(coding.display, word);
    if (found) return model::Coding{"", "", word};
  }
  return std::nullopt;
}

}  // namespace

Findings screen(const DrugLibrary& library, const model::PatientContext& patient) {
  Findings out;
  for (const ScreeningRule& rule : library.screening) {
    std::optional<model::Coding> hit;
    if (rule.applies_to == ScreeningRule::AppliesTo::kConditions) {
      for (const model::Condition& c : patient.conditions) {
        if (is_current(c) && (hit = match(rule, c.code))) break;
      }
    } else {
      for (const model::Allergy& a : patient.allergies) {
        if ((hit = match(rule, a.substance))) break;
      }
    }
    if (hit) {
      out.push_back(finding(Finding::Effect::kHoldOverridable, "contraindication",
                            "screening: " + rule.label + " (" + rule.id + ")", rule.pointer, *hit));
    }
  }
  return out;
}

}  // namespace titrate::dosing
