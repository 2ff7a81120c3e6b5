#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace titrate::hl7v2 {

// Allocation-free splitting of one raw field into repetitions, components or subcomponents.
// A separator '\0' means "not declared by the message": the whole text is one piece.

// Piece n (1-based) of s split at sep; nullopt when s has fewer pieces.
std::optional<std::string_view> piece(std::string_view s, char sep, size_t n);
// Number of pieces (an empty string has one, empty, piece).
size_t piece_count(std::string_view s, char sep);

// Range over the pieces: for (std::string_view rep : Pieces(field, d.repetition)) ...
class Pieces {
 public:
  Pieces(std::string_view s, char sep) : s_(s), sep_(sep) {}
  class iterator {
   public:
    iterator() = default;
    iterator(std::string_view s, char sep, bool end);
    std::string_view operator*() const { return current_; }
    // Offset of the current piece inside the split string.
    size_t offset() const { return begin_; }
    iterator& operator++();
    bool operator==(const iterator& o) const {
      return done_ == o.done_ && (done_ || begin_ == o.begin_);
    }
    bool operator!=(const iterator& o) const { return !(*this == o); }

   private:
    void load();
    std::string_view s_;
    char sep_ = '\0';
    size_t begin_ = 0;
    std::string_view current_;
    bool done_ = true;
  };
  iterator begin() const { return iterator(s_, sep_, false); }
  iterator end() const { return iterator(s_, sep_, true); }

 private:
  std::string_view s_;
  char sep_;
};

}  // namespace titrate::hl7v2
