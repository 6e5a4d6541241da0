"""Schedule MSPDI files with MPXJ's MicrosoftScheduler; print their dates as JSON.

Run in its own process (a JVM starts once per process): ``python mpxj_schedule.py FILE...``.
Also reads each file with MPXJ's reader, so it checks that tools built on MPXJ open our files.
"""

import json
import sys

import jpype
import mpxj  # noqa: F401  (puts MPXJ's jars on the class path)

jpype.startJVM()
from org.mpxj.cpm import MicrosoftScheduler  # noqa: E402
from org.mpxj.reader import UniversalProjectReader  # noqa: E402

result = {}
for path in sys.argv[1:]:
    project = UniversalProjectReader().read(path)
    MicrosoftScheduler().schedule(project, project.getProjectProperties().getStartDate())
    result[path] = {
        str(task.getUniqueID()): [str(task.getStart())[:10], str(task.getFinish())[:10]]
        for task in project.getTasks()
        if task.getUniqueID() != 0
    }
json.dump(result, sys.stdout)
