-- One learner per wrk thread (LEARNERS is written above this by bench/wrk.py): its cookies and
-- CSRF token, a body per request, and the responses that prove the write was accepted.
function init(args)
  learner = LEARNERS[index]
  counter = 0
  accepted = 0
end

function request()
  counter = counter + 1
  local headers = {
    ["Cookie"] = learner.cookie,
    ["X-CSRFToken"] = learner.token,
    ["Content-Type"] = CONTENT_TYPE,
    ["Accept"] = "application/json",
  }
  return wrk.format("POST", PATH, headers, make_body(index, counter, learner))
end

function response(status, headers, body)
  if status == 200 and body:find(ACCEPTED, 1, true) then
    accepted = accepted + 1
  end
end
