#include "connectors/push/bearer_token_source.h"

#include <optional>
#include <utility>

#include "gateway/config/read_file.h"

namespace titrate::push {
namespace {

constexpr std::uintmax_t kMaxTokenBytes = 64 * 1024;

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

}  // namespace

BearerTokenSource::BearerTokenSource(std::string file) : file_(std::move(file)) {}

std::string BearerTokenSource::token(bool refresh) {
  std::lock_guard lock(mutex_);
  if (!token_.empty() && !refresh) return token_;
  const std::optional<std::string> text = config::read_file(file_, kMaxTokenBytes);
  if (!text) throw PushAuthError("bearer token file " + file_ + " cannot be read");
  size_t begin = 0, end = text->size();
  while (begin < end && is_space((*text)[begin])) ++begin;
  while (end > begin && is_space((*text)[end - 1])) --end;
  if (begin == end) throw PushAuthError("bearer token file " + file_ + " is empty");
  token_ = text->substr(begin, end - begin);
  return token_;
}

}  // namespace titrate::push
