-- POST a graded activity as the page's script does (form fields, JSON answer).
PATH = "/lessons/" .. LESSON .. "/activities/" .. ACTIVITY
CONTENT_TYPE = "application/x-www-form-urlencoded"
ACCEPTED = '"activity":'

function make_body(thread, n, learner)
  return FORM .. "&csrf_token=" .. learner.token_urlencoded
end
