#include "dosing/order_book.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>

#include "gateway/model/model_json.h"

namespace titrate::dosing {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void key_string(Writer& w, const char* key, std::string_view value) {
  w.Key(key);
  w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

const rapidjson::Value* member(const rapidjson::Value& o, const char* key) {
  if (!o.IsObject()) return nullptr;
  auto it = o.FindMember(key);
  return it == o.MemberEnd() ? nullptr : &it->value;
}

bool read_string(const rapidjson::Value& o, const char* key, std::string& out) {
  const rapidjson::Value* v = member(o, key);
  if (!v || !v->IsString()) return false;
  out.assign(v->GetString(), v->GetStringLength());
  return true;
}

template <typename Int>
bool read_int(const rapidjson::Value& o, const char* key, Int& out) {
  const rapidjson::Value* v = member(o, key);
  if (!v || !v->IsInt64()) return false;
  out = static_cast<Int>(v->GetInt64());
  return true;
}

}  // namespace

OrderRecord* OrderBook::find(std::string_view id) {
  for (OrderRecord& r : orders) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

std::vector<PriorInfusion> OrderBook::prior_except(std::string_view order_id, int number) const {
  std::vector<PriorInfusion> out;
  for (const PriorInfusion& p : infusions) {
    if (!(p.order_id == order_id && p.number == number)) out.push_back(p);
  }
  return out;
}

void OrderBook::forget_infusion(std::string_view order_id, int number) {
  std::erase_if(infusions, [&](const PriorInfusion& p) {
    return p.order_id == order_id && p.number == number;
  });
}

std::string encode_order_book(const OrderBook& book) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  w.Key("orders");
  w.StartArray();
  for (const OrderRecord& r : book.orders) {
    w.StartObject();
    key_string(w, "id", r.id);
    w.Key("version");
    w.Int(r.version);
    w.Key("current");
    w.Int(r.current);
    key_string(w, "state", model::json_name(r.state));
    w.Key("hold_codes");
    w.StartArray();
    for (const std::string& c : r.hold_codes) w.String(c.c_str());
    w.EndArray();
    key_string(w, "filler_status", r.filler_status);
    key_string(w, "order", model::to_json(r.order));
    w.EndObject();
  }
  w.EndArray();
  w.Key("infusions");
  w.StartArray();
  for (const PriorInfusion& p : book.infusions) {
    w.StartObject();
    key_string(w, "plan_id", p.plan_id);
    key_string(w, "order", p.order_id);
    w.Key("number");
    w.Int(p.number);
    key_string(w, "drug", p.drug);
    w.Key("time_us");
    w.Int64(p.time_us);
    w.Key("day");
    w.Int64(p.day);
    key_string(w, "mg", p.mg.to_string());
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::optional<OrderBook> decode_order_book(std::string_view json, std::string* error) {
  auto fail = [&](std::string message) -> std::optional<OrderBook> {
    if (error) *error = std::move(message);
    return std::nullopt;
  };
  rapidjson::Document doc;
  doc.Parse(json.data(), json.size());
  if (doc.HasParseError() || !doc.IsObject()) return fail("not a JSON object");
  OrderBook book;
  const rapidjson::Value* orders = member(doc, "orders");
  const rapidjson::Value* infusions = member(doc, "infusions");
  if (!orders || !orders->IsArray() || !infusions || !infusions->IsArray()) {
    return fail("expected \"orders\" and \"infusions\" arrays");
  }
  for (rapidjson::SizeType i = 0; i < orders->Size(); ++i) {
    const rapidjson::Value& o = (*orders)[i];
    const std::string at = "/orders/" + std::to_string(i);
    OrderRecord r;
    std::string state, order_json;
    if (!read_string(o, "id", r.id) || !read_int(o, "version", r.version) ||
        !read_int(o, "current", r.current) || !read_string(o, "state", state) ||
        !model::from_json_name(state, r.state) ||
        !read_string(o, "filler_status", r.filler_status) || !read_string(o, "order", order_json)) {
      return fail(at + ": incomplete order record");
    }
    const rapidjson::Value* codes = member(o, "hold_codes");
    if (!codes || !codes->IsArray()) return fail(at + "/hold_codes: expected an array");
    for (const rapidjson::Value& c : codes->GetArray()) {
      if (!c.IsString()) return fail(at + "/hold_codes: expected strings");
      r.hold_codes.emplace_back(c.GetString(), c.GetStringLength());
    }
    model::ModelJsonError order_error;
    std::optional<model::InfusionOrder> order =
        model::infusion_order_from_json(order_json, &order_error);
    if (!order) return fail(at + "/order: " + order_error.to_string());
    r.order = std::move(*order);
    book.orders.push_back(std::move(r));
  }
  for (rapidjson::SizeType i = 0; i < infusions->Size(); ++i) {
    const rapidjson::Value& o = (*infusions)[i];
    PriorInfusion p;
    std::string mg;
    if (!read_string(o, "plan_id", p.plan_id) || !read_string(o, "order", p.order_id) ||
        !read_int(o, "number", p.number) || !read_string(o, "drug", p.drug) ||
        !read_int(o, "time_us", p.time_us) || !read_int(o, "day", p.day) ||
        !read_string(o, "mg", mg)) {
      return fail("/infusions/" + std::to_string(i) + ": incomplete infusion");
    }
    const std::optional<model::Decimal> value = model::Decimal::parse(mg);
    if (!value) return fail("/infusions/" + std::to_string(i) + "/mg: expected a decimal");
    p.mg = *value;
    book.infusions.push_back(std::move(p));
  }
  return book;
}

}  // namespace titrate::dosing
