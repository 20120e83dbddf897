"""SCORM 1.2 and 2004 packages: a single SCO that shows a lesson hosted on this site and relays
what the learner did to the LMS's SCORM API. Pure: manifests, the package's files, the values."""
