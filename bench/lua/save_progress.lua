-- POST /progress/events: one active-time event per request, each with its own UUID.
PATH = "/progress/events"
CONTENT_TYPE = "application/json"
ACCEPTED = '"saved":1'

function make_body(thread, n, learner)
  local id = string.format("%08x-0000-4000-8000-%012x", thread, n)
  return '{"events":[{"id":"' .. id .. '","type":"time","lesson":"' .. LESSON ..
    '","seconds":5}]}'
end
