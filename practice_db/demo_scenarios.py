"""The text the demo practice examples are generated from: one scenario for
each kind of service change, with slots for the organisation, the numbers and
the details, and the stock phrases shared between scenarios. Data only; the
generator is in `practice_db.demo`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from directory.models import OrganisationType
from practice_db.models import CareSetting, EvidenceKind, EvidenceRating

T = OrganisationType
TRUSTS = {T.NHS_TRUST}
PRIMARY = {T.PRIMARY_CARE_GROUP, T.PRIMARY_CARE_TRUST, T.GENERAL_PRACTICE}
COMMISSIONERS = {T.HEALTH_AUTHORITY, T.PRIMARY_CARE_GROUP, T.PRIMARY_CARE_TRUST}
ANY = TRUSTS | PRIMARY | COMMISSIONERS


@dataclass(frozen=True)
class Scenario:
    """One kind of service change, with the slots the generator fills."""

    titles: list[str]
    setting: str
    population: str
    topics: list[str]  # leaf topics; the first is the main one
    organisation_types: set[str]
    aim: str
    problem: list[str]
    actions: list[str]
    results: list[str]
    numbers: dict[str, tuple[int, int]]
    lessons: list[str]
    resources: list[str]
    lead_roles: list[str]
    evidence: list[str] = field(
        default_factory=lambda: [EvidenceKind.BEFORE_AND_AFTER, EvidenceKind.AUDIT]
    )


SCENARIOS: list[Scenario] = [
    Scenario(
        titles=[
            "Medical assessment unit for emergency admissions",
            "Consultant-led assessment of medical emergencies",
            "Taking the pressure off A&E with an admissions unit",
        ],
        setting=CareSetting.ACUTE,
        population="Adults referred as medical emergencies by GPs and A&E",
        topics=["Emergency admissions", "Discharge and bed management"],
        organisation_types=TRUSTS,
        aim="reduce trolley waits in A&E",
        problem=[
            "Every winter {org} ran out of medical beds. Patients referred by their GP "
            "waited on trolleys in A&E, sometimes for **more than {a} hours**, and elective "
            "operations were cancelled to free beds.",
            "Medical emergencies at {org} were admitted straight to whichever ward had a bed. "
            "Nobody senior saw them for hours, and about one in {c} admissions could have "
            "gone home the same day with the right tests.",
        ],
        actions=[
            "Opened a {b}-bed medical assessment unit next to A&E, staffed around the clock",
            "GP referrals went straight to the unit instead of through A&E",
            "A consultant physician reviewed every new admission twice a day",
            "Agreed fast-track access to X-ray, ultrasound and blood results with the laboratories",
            "A bed manager held a daily 9am meeting with the wards to plan discharges",
            "Set up a next-day clinic so that stable patients could go home and come back",
        ],
        results=[
            "Patients waiting more than 12 hours on a trolley fell from {a0} a month to {a1}.",
            "{d}% of patients assessed on the unit went home within 24 hours.",
            "Cancelled elective operations over the winter fell by {e}% compared with the "
            "winter before.",
            "Average length of stay for emergency medical admissions fell from {f0} to {f1} days.",
        ],
        numbers={
            "a": (8, 20),
            "b": (14, 30),
            "c": (4, 6),
            "a0": (60, 140),
            "a1": (3, 25),
            "d": (25, 45),
            "e": (30, 70),
            "f0": (9, 12),
            "f1": (6, 8),
        },
        lessons=[
            "The unit only works if the wards take patients from it the same day: protect "
            "its beds from being used as overflow.",
            "Involve GPs from the start; they changed their referral habits once they could "
            "speak directly to the unit's registrar.",
            "Senior decisions early save days later. The consultant ward round was the single "
            "biggest change.",
            "Count trolley waits every day and publish them on the wards.",
        ],
        resources=[
            "£{g},000 a year for extra nursing and a second consultant session each day, "
            "funded from winter pressures money and then made recurrent.",
            "Conversion of an old outpatient area cost £{g},000; staff came from the wards "
            "the unit replaced.",
        ],
        lead_roles=["Consultant physician", "Clinical director, medicine", "Bed manager"],
    ),
    Scenario(
        titles=[
            "Nurse-led discharge lounge",
            "Planning discharge from the day of admission",
            "Discharge coordinators on every medical ward",
        ],
        setting=CareSetting.ACUTE,
        population="Adult inpatients, mostly older people on medical wards",
        topics=["Discharge and bed management", "Older people's services"],
        organisation_types=TRUSTS,
        aim="free beds before noon and cut delayed discharges",
        problem=[
            "Most patients at {org} left hospital in the late afternoon, so new emergency "
            "admissions waited in A&E for beds that were technically empty. On a typical day "
            "{c} patients were medically fit but still in a bed.",
            "Delayed discharges were blocking around {c} beds a day. Social services "
            "assessments started only when the doctors said a patient was fit, and "
            "transport was booked on the day.",
        ],
        actions=[
            "Opened a discharge lounge run by a senior nurse from 8am to 8pm",
            "Set an expected date of discharge for every patient within 24 hours of admission",
            "Appointed {b} discharge coordinators, each covering two wards",
            "Social workers joined the ward rounds twice a week",
            "Pharmacy prepared take-home medicines the afternoon before discharge",
            "Booked hospital transport the day before, not on the morning",
        ],
        results=[
            "Beds free by noon rose from {a0}% to {a1}% of discharges.",
            "Delayed discharges fell from an average of {c} to {c1} patients a day.",
            "The lounge now takes about {d} patients a week.",
            "Patients waiting for a bed in A&E for more than four hours fell by {e}%.",
        ],
        numbers={
            "a0": (10, 25),
            "a1": (45, 70),
            "b": (2, 5),
            "c": (18, 40),
            "c1": (5, 14),
            "d": (60, 140),
            "e": (20, 50),
        },
        lessons=[
            "Set the expected discharge date early and review it every day; it changes "
            "behaviour more than any lounge.",
            "Social services must be partners from the start, not told afterwards.",
            "Patients and relatives need to know the plan too: we gave each one a leaflet "
            "with the expected date written on it.",
            "Take-home medicines were the hidden bottleneck.",
        ],
        resources=[
            "£{g},000 a year for the coordinators and lounge staff; the lounge reused a day room.",
            "Mostly existing staff working differently; £{g},000 for furniture and a "
            "dedicated phone line.",
        ],
        lead_roles=["Discharge coordinator", "Senior nurse, patient flow", "Matron, medicine"],
    ),
    Scenario(
        titles=[
            "Practice-based diabetes clinics",
            "Structured diabetes care across a primary care group",
            "A shared diabetes register for general practice",
        ],
        setting=CareSetting.PRIMARY,
        population="People with type 2 diabetes",
        topics=["Diabetes", "General practice"],
        organisation_types=PRIMARY,
        aim="bring routine diabetes care into general practice",
        problem=[
            "People with diabetes in the area served by {org} travelled to the hospital "
            "clinic for routine checks. Waits for a hospital appointment reached {a} weeks, "
            "and fewer than half had a recorded annual review.",
            "Practices kept no common register of patients with diabetes, so nobody knew "
            "how many had had their eyes, feet or blood pressure checked in the last year.",
        ],
        actions=[
            "Built a diabetes register in every practice, checked against prescribing data",
            "Trained a practice nurse in each practice with the hospital diabetes team",
            "Agreed a shared protocol for annual review, with clear criteria for referral",
            "A diabetes specialist nurse visited each practice monthly",
            "Set up a mobile retinal screening service visiting practices twice a year",
            "Sent each practice a quarterly report of its own results",
        ],
        results=[
            "Patients with a recorded annual review rose from {a0}% to {a1}%.",
            "Retinal screening coverage rose to {d}% of the register.",
            "Waits for a new hospital diabetes appointment fell from {a} to {b} weeks.",
            "The proportion with HbA1c below 7.5% rose by {e} percentage points.",
        ],
        numbers={
            "a": (14, 26),
            "b": (4, 8),
            "a0": (35, 50),
            "a1": (75, 92),
            "d": (70, 88),
            "e": (6, 15),
        },
        lessons=[
            "The register is everything: time spent cleaning it was repaid many times.",
            "Practice nurses need protected time, not just training.",
            "Feedback on each practice's own figures did more than any guideline.",
            "The hospital team had to let go of routine patients; agree this explicitly.",
        ],
        resources=[
            "£{g},000 from the health authority for training, the specialist nurse and "
            "screening equipment.",
            "A retinal camera (£{g},000) and about {h} hours of nurse time per practice each week.",
        ],
        lead_roles=["Diabetes specialist nurse", "GP with a special interest in diabetes"],
        evidence=[EvidenceKind.AUDIT, EvidenceKind.BEFORE_AND_AFTER],
    ),
    Scenario(
        titles=[
            "Validating and pooling the orthopaedic waiting list",
            "Cutting the longest waits for inpatient surgery",
            "Pooled waiting lists across consultants",
        ],
        setting=CareSetting.ACUTE,
        population="Patients waiting for planned inpatient surgery",
        topics=["Waiting lists and times", "Outpatients"],
        organisation_types=TRUSTS,
        aim="bring every wait under twelve months",
        problem=[
            "{org} had more than {a} patients waiting over twelve months for surgery, "
            "most of them for orthopaedics. Each consultant kept a separate list, so waits "
            "for the same operation ranged from two months to eighteen.",
            "Nobody was sure the waiting list was accurate. Some patients had moved away, "
            "been treated elsewhere or no longer wanted the operation.",
        ],
        actions=[
            "Wrote to every patient waiting more than six months to check they still needed "
            "treatment",
            "Pooled routine cases so they went to the first available surgeon",
            "Booked patients in order of clinical priority, then date added",
            "Ran extra Saturday operating lists for the longest waiters",
            "Published each specialty's longest wait every week",
            "Introduced a pre-operative assessment clinic to stop late cancellations",
        ],
        results=[
            "Validation took {b}% of entries off the list.",
            "Patients waiting over twelve months fell from {a} to {c}.",
            "On-the-day cancellations fell from {d0}% to {d1}%.",
            "The variation in waits between consultants for a hip replacement fell from "
            "sixteen months to {e}.",
        ],
        numbers={
            "a": (150, 600),
            "b": (8, 18),
            "c": (0, 20),
            "d0": (8, 14),
            "d1": (2, 5),
            "e": (2, 4),
        },
        lessons=[
            "Surgeons agreed to pool lists once they saw the figures side by side.",
            "Validate before you add capacity: the list was shorter than we thought.",
            "Patients valued knowing their date more than having it soon.",
            "Keep the validation going every quarter, or the list silts up again.",
        ],
        resources=[
            "£{g},000 of waiting list money for the extra sessions; validation took one "
            "clerk about {h} weeks.",
            "No new money: existing theatre sessions were reallocated.",
        ],
        lead_roles=["Waiting list manager", "General manager, surgery"],
    ),
    Scenario(
        titles=[
            "24-hour crisis resolution team",
            "Home treatment as an alternative to admission",
            "A crisis team for people with severe mental illness",
        ],
        setting=CareSetting.MENTAL_HEALTH,
        population="Adults of working age in a mental health crisis",
        topics=["Mental health", "Emergency admissions"],
        organisation_types={T.NHS_TRUST},
        aim="treat people in crisis at home instead of on a ward",
        problem=[
            "Out of hours, the only response {org} could offer someone in a mental health "
            "crisis was admission. Acute wards ran at {a}% occupancy, and people were sent "
            "to beds many miles away.",
            "Service users told us that a crisis meant a long wait in A&E and then a ward, "
            "when most would have preferred support at home.",
        ],
        actions=[
            "Set up a multidisciplinary crisis team available 24 hours a day, 7 days a week",
            "The team assessed everyone before an admission was agreed",
            "Offered intensive home treatment with up to three visits a day",
            "Agreed joint protocols with the police, A&E and approved social workers",
            "Service users helped write the team's leaflet and operational policy",
            "Gave each person a crisis plan when they left the team's care",
        ],
        results=[
            "Admissions to acute wards fell by {b}% in the first year.",
            "Out-of-area placements fell from {c} a month to {c1}.",
            "{d}% of people who used the team said they would choose home treatment again.",
            "Bed occupancy came down to about {e}%.",
        ],
        numbers={
            "a": (105, 125),
            "b": (20, 40),
            "c": (6, 15),
            "c1": (0, 2),
            "d": (78, 94),
            "e": (88, 96),
        },
        lessons=[
            "Gatekeeping every admission is what makes the team work.",
            "Relationships with the police took longer to build than anything else.",
            "Staff needed training in working in people's homes at night, safely.",
            "Carers need support too, especially in the first 48 hours.",
        ],
        resources=[
            "A team of {h} staff costing about £{g},000 a year, partly funded by closing {i} beds.",
        ],
        lead_roles=["Crisis team manager", "Consultant psychiatrist", "Service manager"],
        evidence=[EvidenceKind.BEFORE_AND_AFTER, EvidenceKind.FORMAL_EVALUATION],
    ),
    Scenario(
        titles=[
            "Same-day telephone triage in general practice",
            "Seeing patients on the day they ask",
            "Advanced access in a primary care group",
        ],
        setting=CareSetting.PRIMARY,
        population="Patients registered with the practices",
        topics=["General practice", "Primary care groups"],
        organisation_types=PRIMARY,
        aim="offer every patient an appointment within 48 hours",
        problem=[
            "Patients at practices in {org} waited on average {a} working days to see a "
            "GP. Phone lines were jammed at 8.30am and the receptionists bore the brunt of "
            "the complaints.",
            "Routine appointments were booked weeks ahead, so patients who were ill that "
            "day went to A&E or the out-of-hours service instead.",
        ],
        actions=[
            "Measured demand and capacity for six weeks before changing anything",
            "Cleared the backlog of booked appointments with extra sessions over a month",
            "A GP or nurse rang back every patient asking for a same-day appointment",
            "Trained practice nurses to manage minor illness",
            "Moved repeat prescription requests off the morning phone line",
            "Shared results between practices at monthly primary care group meetings",
        ],
        results=[
            "The wait for a routine GP appointment fell from {a} days to {b}.",
            "About {d}% of same-day calls were resolved on the phone.",
            "Attendances at A&E by registered patients with minor illness fell by {e}%.",
            "Complaints about access fell from {c} a quarter to {c1}.",
        ],
        numbers={
            "a": (4, 9),
            "b": (0, 2),
            "c": (15, 40),
            "c1": (1, 6),
            "d": (30, 55),
            "e": (8, 20),
        },
        lessons=[
            "Measure demand first: it was far steadier than anyone believed.",
            "Clearing the backlog is hard work for a month, and then it gets easier.",
            "Receptionists are part of the change and need to be in the planning meetings.",
            "Not every GP liked telephone consulting; allow different ways of working.",
        ],
        resources=[
            "About £{g},000 of primary care group development money for backfill and training.",
            "A second phone line and {h} extra sessions a week during the first month.",
        ],
        lead_roles=["GP partner", "Practice manager", "Primary care group chief executive"],
    ),
    Scenario(
        titles=[
            "Flexible rostering to keep experienced nurses",
            "Return-to-practice programme for nurses",
            "Recruiting and keeping nurses in a hard-to-fill area",
        ],
        setting=CareSetting.ACUTE,
        population="Nursing and midwifery staff",
        topics=["Recruitment and retention", "Human resources"],
        organisation_types={T.NHS_TRUST},
        aim="cut nursing vacancies and agency spending",
        problem=[
            "{org} had a nursing vacancy rate of {a}% and spent heavily on agency staff. "
            "Exit interviews showed that experienced nurses were leaving because they could "
            "not fit shifts around children or other caring.",
            "Turnover among newly qualified nurses was {b}% in their first year, and wards "
            "relied on agency staff who did not know them.",
        ],
        actions=[
            "Introduced self-rostering on {c} pilot wards, within agreed staffing levels",
            "Offered term-time and school-hours contracts",
            "Ran a return-to-practice course with a local university, paying a bursary",
            "Set up an internal nurse bank paying weekly",
            "Gave every newly qualified nurse a named preceptor for six months",
            "Opened a holiday play scheme for staff children",
        ],
        results=[
            "The vacancy rate fell from {a}% to {a1}%.",
            "Agency spending fell by £{d},000 in the first year.",
            "{e} nurses came back through the return-to-practice course; most are still with us.",
            "First-year turnover fell to {b1}%.",
        ],
        numbers={
            "a": (12, 22),
            "a1": (3, 8),
            "b": (20, 35),
            "b1": (6, 14),
            "c": (3, 8),
            "d": (150, 600),
            "e": (12, 40),
        },
        lessons=[
            "Ward sisters worried that self-rostering would leave gaps. With clear rules it "
            "did not.",
            "The bank only works if it pays promptly.",
            "Returners need confidence as much as skills: pair them with a mentor.",
            "Ask leavers why they go, and act on what they say.",
        ],
        resources=[
            "£{g},000 for bursaries and course fees; the play scheme covers its costs "
            "through parents' fees.",
            "A half-time bank coordinator and rostering software (£{g},000).",
        ],
        lead_roles=["Director of nursing", "Human resources manager", "Nurse recruitment lead"],
    ),
    Scenario(
        titles=[
            "A dedicated stroke unit",
            "Rapid assessment and rehabilitation after stroke",
            "Bringing stroke patients onto one ward",
        ],
        setting=CareSetting.ACUTE,
        population="Adults admitted with acute stroke",
        topics=["Stroke", "Older people's services"],
        organisation_types=TRUSTS,
        aim="give every stroke patient specialist care on one unit",
        problem=[
            "Stroke patients at {org} were spread over {c} general medical wards. Few saw a "
            "therapist within days of admission and there was no agreed way of assessing "
            "swallowing.",
            "An audit found that only {a}% of stroke patients had a brain scan within 48 "
            "hours, and many spent weeks on a ward without a rehabilitation plan.",
        ],
        actions=[
            "Opened a {b}-bed stroke unit with its own nursing, physiotherapy, occupational "
            "and speech therapy team",
            "Every patient had a swallowing screen within 24 hours",
            "Agreed a scan within 48 hours with the radiology department",
            "A weekly multidisciplinary meeting set goals with each patient and family",
            "Started an early supported discharge service with the community trust",
            "Took part in the national sentinel audit of stroke",
        ],
        results=[
            "Patients scanned within 48 hours rose from {a}% to {a1}%.",
            "Deaths within 30 days fell from {d0}% to {d1}%.",
            "Average length of stay fell by {e} days.",
            "{f}% of patients went home rather than to a care home.",
        ],
        numbers={
            "a": (20, 45),
            "a1": (80, 95),
            "b": (12, 24),
            "c": (5, 9),
            "d0": (22, 30),
            "d1": (14, 20),
            "e": (5, 14),
            "f": (55, 72),
        },
        lessons=[
            "The unit matters less than the team: therapy every day made the difference.",
            "Swallowing screens by nurses were quick to teach and prevented pneumonias.",
            "Families want to be part of the goal-setting meeting.",
            "Use the national audit to compare yourselves honestly.",
        ],
        resources=[
            "£{g},000 a year for therapists; the beds came from existing medical wards.",
        ],
        lead_roles=["Consultant in stroke medicine", "Stroke unit ward manager"],
        evidence=[EvidenceKind.AUDIT, EvidenceKind.CONTROLLED_STUDY],
    ),
    Scenario(
        titles=[
            "Rapid access breast clinic: two-week waits",
            "One-stop clinic for suspected colorectal cancer",
            "Meeting the two-week standard for urgent cancer referrals",
        ],
        setting=CareSetting.ACUTE,
        population="Patients referred urgently with suspected cancer",
        topics=["Cancer", "Waiting lists and times", "Outpatients"],
        organisation_types=TRUSTS,
        aim="see every urgent referral for suspected cancer within two weeks",
        problem=[
            "Urgent referrals for suspected cancer at {org} arrived by post and joined the "
            "routine outpatient queue. Only {a}% were seen within two weeks.",
            "Patients with suspected cancer had to come back three or four times for tests "
            "and results, with weeks of worry between each visit.",
        ],
        actions=[
            "Agreed referral criteria and a faxed referral form with local GPs",
            "A cancer services coordinator booked every urgent referral within 24 hours",
            "Ran a one-stop clinic: examination, imaging and biopsy on the same day",
            "A clinical nurse specialist saw patients given bad news before they left",
            "Tracked every patient against the standard on a weekly list",
            "Reported performance to the cancer network monthly",
        ],
        results=[
            "Patients seen within two weeks rose from {a}% to {a1}%.",
            "{d}% of patients received a diagnosis on the day of their first visit.",
            "Inappropriate urgent referrals fell to {e}% once GPs had the criteria.",
            "Patient satisfaction with the clinic was {f}%.",
        ],
        numbers={"a": (35, 60), "a1": (96, 100), "d": (60, 85), "e": (8, 20), "f": (88, 98)},
        lessons=[
            "A single named coordinator kept the whole pathway moving.",
            "Referral criteria must be agreed with GPs, not sent to them.",
            "One-stop clinics need radiology and pathology time protected in advance.",
            "Keep watching the routine referrals: they must not wait longer as a result.",
        ],
        resources=[
            "£{g},000 from cancer services money for the coordinator and extra clinic sessions.",
        ],
        lead_roles=["Cancer services manager", "Consultant surgeon", "Lead cancer clinician"],
    ),
    Scenario(
        titles=[
            "Pharmacists in general practice",
            "Medicines review for older people in care homes",
            "Repeat dispensing through community pharmacies",
        ],
        setting=CareSetting.PRIMARY,
        population="Patients on four or more regular medicines",
        topics=["Community pharmacy", "Older people's services"],
        organisation_types=PRIMARY | {T.HEALTH_AUTHORITY},
        aim="make repeat prescribing safer and less wasteful",
        problem=[
            "Many older patients in {org} took several medicines that had not been "
            "reviewed for years. Drugs were wasted and some combinations were risky.",
            "GPs signed hundreds of repeat prescriptions a week with little time to check "
            "them, and patients collected medicines they no longer used.",
        ],
        actions=[
            "A pharmacist worked {h} sessions a week across the practices",
            "Reviewed every patient on four or more repeat medicines, with the GP",
            "Visited care homes to review residents' medicines with the staff",
            "Introduced repeat dispensing by community pharmacists for stable patients",
            "Ran prescribing meetings with each practice every quarter",
        ],
        results=[
            "{a} patients had a full medication review in the first year.",
            "An average of {b} items per patient were stopped or changed.",
            "Prescribing costs grew {e}% less than the health authority average.",
            "Medication-related hospital admissions from care homes fell by {d}%.",
        ],
        numbers={"a": (300, 1200), "b": (1, 3), "d": (15, 40), "e": (2, 6)},
        lessons=[
            "GPs welcomed the pharmacist once the reviews saved them time.",
            "Care home staff were keen partners; include them in training.",
            "Agree who changes the prescription record before starting.",
        ],
        resources=[
            "A pharmacist for {h} sessions a week (about £{g},000 a year), paid back by "
            "prescribing savings.",
        ],
        lead_roles=["Prescribing adviser", "Practice pharmacist", "Pharmaceutical adviser"],
        evidence=[EvidenceKind.AUDIT, EvidenceKind.FORMAL_EVALUATION],
    ),
    Scenario(
        titles=[
            "Increasing day surgery rates",
            "Nurse-led pre-operative assessment for day surgery",
            "A stand-alone day surgery unit",
        ],
        setting=CareSetting.ACUTE,
        population="Adults having planned surgery",
        topics=["Waiting lists and times", "Clinical audit"],
        organisation_types=TRUSTS,
        aim="do more planned operations as day cases",
        problem=[
            "Only {a}% of operations on the Audit Commission's basket of day procedures "
            "were done as day cases at {org}. Patients stayed overnight out of habit, "
            "taking beds needed for emergencies.",
            "Day cases were cancelled at short notice because patients turned up unfit for "
            "anaesthetic or without anyone to take them home.",
        ],
        actions=[
            "Nurses ran a pre-operative assessment clinic two weeks before surgery",
            "Agreed day surgery as the default for the basket procedures",
            "Ring-fenced day unit beds from emergency admissions",
            "Phoned every patient the day after surgery",
            "Published each surgeon's day-case rate in the directorate",
        ],
        results=[
            "The day-case rate for basket procedures rose from {a}% to {a1}%.",
            "On-the-day cancellations fell from {d0}% to {d1}%.",
            "About {e} inpatient bed days a year were freed.",
            "Unplanned overnight stays stayed below {f}%.",
        ],
        numbers={
            "a": (40, 60),
            "a1": (72, 88),
            "d0": (7, 14),
            "d1": (1, 4),
            "e": (900, 3000),
            "f": (2, 5),
        },
        lessons=[
            "Pre-assessment by nurses was the key, and patients liked it.",
            "Surgeons responded to seeing their own rates beside colleagues'.",
            "Ring-fencing is easy to agree in summer and hard to keep in winter.",
        ],
        resources=["£{g},000 for two pre-assessment nurses; no capital cost."],
        lead_roles=["Day surgery unit manager", "Consultant anaesthetist"],
    ),
    Scenario(
        titles=[
            "Rapid response team for older people",
            "Intermediate care beds in a community hospital",
            "Keeping frail older people out of hospital",
        ],
        setting=CareSetting.WHOLE_SYSTEM,
        population="Frail older people at risk of admission",
        topics=["Older people's services", "Emergency admissions", "Discharge and bed management"],
        organisation_types=ANY,
        aim="avoid unnecessary admissions of older people",
        problem=[
            "Older people in the area served by {org} were admitted to hospital because "
            "nothing else could be arranged quickly, often after a minor illness or a fall. "
            "Many then lost their independence on the ward.",
            "A bed census found that {a}% of older patients in acute beds did not need "
            "acute care but had nowhere else to go.",
        ],
        actions=[
            "A joint health and social care team responded within two hours, 8am to 10pm",
            "Opened {b} intermediate care beds in a community hospital",
            "Therapists and care assistants supported people at home for up to six weeks",
            "GPs and A&E could refer directly with one phone call",
            "Pooled budgets with social services for equipment",
        ],
        results=[
            "{c} admissions a year were avoided, by the team's own reckoning.",
            "{d}% of people were living at home three months later.",
            "Delayed discharges of older people fell by {e}%.",
        ],
        numbers={"a": (20, 40), "b": (8, 20), "c": (200, 600), "d": (70, 88), "e": (25, 50)},
        lessons=[
            "Speed of response is what GPs value; two hours was the promise that counted.",
            "Joint management with social services took a year to agree and was worth it.",
            "Equipment delays can undo everything: sort the store out first.",
        ],
        resources=["£{g},000 a year, jointly funded by the NHS and social services."],
        lead_roles=["Intermediate care manager", "Consultant geriatrician", "Therapy manager"],
    ),
    Scenario(
        titles=[
            "Community children's nursing for asthma",
            "Shared care for children with long-term illness",
            "A children's assessment unit instead of admission",
        ],
        setting=CareSetting.COMMUNITY,
        population="Children and young people with asthma or long-term conditions",
        topics=["Health inequalities", "Emergency admissions"],
        organisation_types=TRUSTS | PRIMARY,
        aim="care for sick children at home where possible",
        problem=[
            "Children with asthma in {org}'s area were admitted to the paediatric ward "
            "{a} times a year between them, often at night, and many had no written plan.",
            "Families of children with long-term illness made frequent hospital trips for "
            "treatment that could be given at home.",
        ],
        actions=[
            "Set up a community children's nursing team of {b} nurses",
            "Every child admitted with asthma left with a written management plan",
            "Nurses visited schools to train staff in inhaler use",
            "Opened a short-stay assessment unit on the children's ward",
            "Gave families a direct phone line to the team",
        ],
        results=[
            "Asthma admissions fell from {a} to {a1} a year.",
            "{d}% of children admitted had a written plan, up from almost none.",
            "Parents rated the service {f} out of 10 on average.",
        ],
        numbers={"a": (180, 320), "a1": (90, 160), "b": (3, 6), "d": (85, 98), "f": (8, 9)},
        lessons=[
            "Schools were eager partners once asked.",
            "A phone line that is always answered gives families the confidence to stay home.",
            "Written plans work only if GPs have a copy.",
        ],
        resources=["£{g},000 a year for the nursing team, from the health authority."],
        lead_roles=["Community children's nurse", "Consultant paediatrician"],
    ),
    Scenario(
        titles=[
            "Priority dispatch for emergency calls",
            "Meeting the eight-minute response standard",
            "Rapid response cars in rural areas",
        ],
        setting=CareSetting.AMBULANCE,
        population="People making 999 calls",
        topics=["Emergency admissions", "Telephone advice services"],
        organisation_types={T.NHS_TRUST, T.HEALTH_AUTHORITY},
        aim="reach life-threatening calls within eight minutes",
        problem=[
            "The ambulance service covering {org} sent the nearest ambulance to every call "
            "in the order received. Only {a}% of life-threatening calls were reached within "
            "eight minutes.",
            "Rural parts of the area were more than twenty minutes from the nearest station, "
            "and crews spent long spells waiting to hand over at A&E.",
        ],
        actions=[
            "Introduced a priority dispatch system to categorise every 999 call",
            "Placed {b} rapid response cars, each with a paramedic, at standby points",
            "Trained community first responders in villages with a defibrillator",
            "Agreed a 15-minute handover standard with A&E departments",
            "Moved standby points through the day according to demand",
        ],
        results=[
            "Category A calls reached within eight minutes rose from {a}% to {a1}%.",
            "Median handover time at A&E fell from {d0} to {d1} minutes.",
            "First responders attended {e} calls in their first year.",
        ],
        numbers={
            "a": (45, 62),
            "a1": (72, 82),
            "b": (4, 10),
            "d0": (25, 40),
            "d1": (12, 18),
            "e": (150, 500),
        },
        lessons=[
            "Dispatchers needed time and support to trust the new system.",
            "The handover agreement mattered as much as anything the service did itself.",
            "Village responders need regular refresher training and a named contact.",
        ],
        resources=["£{g},000 for the dispatch software, training and cars."],
        lead_roles=["Director of operations", "Control room manager"],
    ),
    Scenario(
        titles=[
            "Nurse-led heart failure clinic",
            "Secondary prevention of coronary heart disease in general practice",
            "Rapid access chest pain clinic",
        ],
        setting=CareSetting.PRIMARY,
        population="People with coronary heart disease or heart failure",
        topics=["Coronary heart disease", "General practice"],
        organisation_types=TRUSTS | PRIMARY,
        aim="make sure people with heart disease get the treatment that works",
        problem=[
            "An audit in {org} found that only {a}% of patients who had had a heart attack "
            "were taking aspirin, a beta-blocker and a statin.",
            "People with new chest pain waited {b} weeks to see a cardiologist, and many "
            "were admitted as emergencies while they waited.",
        ],
        actions=[
            "Built a register of patients with coronary heart disease in each practice",
            "Nurses ran clinics using an agreed protocol, with a cardiologist for advice",
            "Set up a rapid access chest pain clinic seeing GP referrals within two weeks",
            "Sent each practice its figures every six months",
            "Offered a cardiac rehabilitation programme in the community",
        ],
        results=[
            "Patients on all three recommended drugs rose from {a}% to {a1}%.",
            "{d}% of chest pain referrals were seen within two weeks.",
            "Emergency readmissions for heart failure fell by {e}%.",
        ],
        numbers={"a": (20, 40), "a1": (60, 80), "b": (8, 16), "d": (95, 100), "e": (20, 45)},
        lessons=[
            "A protocol agreed with the cardiologists gave nurses confidence.",
            "Registers need regular housekeeping; give someone the job.",
            "Patients valued the same nurse at every visit.",
        ],
        resources=["About £{g},000 for nurse training and clinic sessions."],
        lead_roles=["Cardiac nurse specialist", "Consultant cardiologist", "GP"],
        evidence=[EvidenceKind.AUDIT, EvidenceKind.CONTROLLED_STUDY],
    ),
    Scenario(
        titles=[
            "Booking outpatient appointments with the patient",
            "Partial booking for hospital follow-up",
            "Booked admissions: patients choose their date",
        ],
        setting=CareSetting.ACUTE,
        population="Patients referred to outpatient clinics",
        topics=["Outpatients", "Waiting lists and times", "Patient involvement"],
        organisation_types=TRUSTS,
        aim="let every patient choose their appointment date",
        problem=[
            "Outpatient appointments at {org} were sent by letter with no choice of date. "
            "{a}% of patients did not attend, and many more rang to change the date.",
            "Patients waiting for admission were given a date at a week's notice and often "
            "had to turn it down.",
        ],
        actions=[
            "Set up a central booking office open until 7pm",
            "Patients were asked to phone and choose a date once their referral was accepted",
            "Follow-up appointments more than six weeks ahead were booked nearer the time",
            "Sent reminder letters a week before",
            "Redesigned clinic templates with the consultants",
        ],
        results=[
            "Non-attendance fell from {a}% to {a1}%.",
            "{d}% of patients chose their own date.",
            "About {e} clinic slots a year were no longer wasted.",
        ],
        numbers={"a": (12, 18), "a1": (4, 7), "d": (80, 95), "e": (2000, 6000)},
        lessons=[
            "Start with one or two specialties that want to do it.",
            "Clinic templates must be fixed weeks in advance, which needs consultants' leave "
            "to be planned too.",
            "Patients who cannot be reached by phone need another route.",
        ],
        resources=["£{g},000 for booking office staff and a telephone system."],
        lead_roles=["Outpatient services manager", "Booking project manager"],
    ),
    Scenario(
        titles=[
            "Falls prevention for older people at home",
            "A falls clinic with exercise classes",
            "Cutting hip fractures in care homes",
        ],
        setting=CareSetting.COMMUNITY,
        population="Older people who have fallen or are at risk of falling",
        topics=["Older people's services", "Health inequalities"],
        organisation_types=ANY,
        aim="reduce falls and hip fractures in older people",
        problem=[
            "A&E at the local hospital saw about {a} older people a year after a fall in "
            "the area served by {org}. Few were referred on, and many fell again.",
            "Hip fractures among care home residents were rising, and homes had no agreed "
            "way to assess the risk of falling.",
        ],
        actions=[
            "Set up a falls clinic with a geriatrician, physiotherapist and occupational therapist",
            "A&E referred every older person seen after a fall",
            "Ran strength and balance classes in community centres",
            "Occupational therapists checked homes for hazards and fitted rails",
            "Reviewed medicines that raise the risk of falling",
            "Trained care home staff in a simple risk assessment",
        ],
        results=[
            "People who fell again within six months fell from {d0}% to {d1}%.",
            "Hip fractures from the care homes fell from {b} to {b1} a year.",
            "{c} people completed the exercise classes.",
        ],
        numbers={
            "a": (800, 2000),
            "b": (20, 40),
            "b1": (8, 18),
            "c": (120, 400),
            "d0": (35, 50),
            "d1": (18, 30),
        },
        lessons=[
            "Exercise classes must be local and fun, or people stop coming.",
            "A&E referral is the hardest part to keep going.",
            "Medication review was the cheapest change with the most effect.",
        ],
        resources=["£{g},000 a year for therapy sessions and class venues."],
        lead_roles=["Falls coordinator", "Consultant geriatrician", "Physiotherapy manager"],
        evidence=[EvidenceKind.BEFORE_AND_AFTER, EvidenceKind.CONTROLLED_STUDY],
    ),
    Scenario(
        titles=[
            "Stop smoking groups in deprived areas",
            "Smoking cessation in pregnancy",
            "Pharmacy-based stop smoking support",
        ],
        setting=CareSetting.COMMUNITY,
        population="Smokers who want to stop",
        topics=["Smoking cessation", "Health inequalities"],
        organisation_types=COMMISSIONERS | {T.NHS_TRUST},
        aim="help smokers in deprived areas to stop",
        problem=[
            "Smoking rates in the poorest wards served by {org} were above {a}%, nearly "
            "twice the national average, and few smokers had ever been offered help.",
            "Midwives had no time or training to help pregnant women stop smoking.",
        ],
        actions=[
            "Recruited {b} stop smoking advisers from the local community",
            "Ran weekly groups in health centres, community centres and a supermarket",
            "Offered nicotine replacement free for the first weeks",
            "Trained midwives and pharmacists to give brief advice and refer",
            "Confirmed quitting with carbon monoxide readings at four weeks",
        ],
        results=[
            "{c} people set a quit date in the first year.",
            "{d}% were not smoking at four weeks, confirmed by carbon monoxide reading.",
            "{e}% were still not smoking at one year.",
        ],
        numbers={"a": (35, 45), "b": (3, 8), "c": (400, 1500), "d": (40, 58), "e": (12, 20)},
        lessons=[
            "Advisers from the community reached people that professionals did not.",
            "Evening and weekend groups doubled attendance.",
            "Follow-up at one year is hard work but tells you what really happened.",
        ],
        resources=["£{g},000 a year of health improvement money, plus nicotine replacement."],
        lead_roles=["Smoking cessation coordinator", "Consultant in public health"],
        evidence=[EvidenceKind.AUDIT, EvidenceKind.FORMAL_EVALUATION],
    ),
    Scenario(
        titles=[
            "Dying at home: out-of-hours palliative care",
            "A palliative care register in general practice",
            "Hospice at home service",
        ],
        setting=CareSetting.COMMUNITY,
        population="People in the last months of life, and their carers",
        topics=["Palliative care", "General practice"],
        organisation_types=ANY,
        aim="let more people die where they choose",
        problem=[
            "Most people in the area served by {org} said they wanted to die at home, but "
            "only {a}% did. Crises at night ended in emergency admissions.",
            "Out-of-hours doctors knew nothing about patients who were dying, and carers "
            "had nobody to call.",
        ],
        actions=[
            "Practices kept a register of patients in their last months of life",
            "Shared a handover form with the out-of-hours service",
            "Left anticipatory medicines in the home",
            "A hospice at home team provided night sitting and nursing",
            "Gave carers a 24-hour number",
        ],
        results=[
            "Deaths at home rose from {a}% to {a1}% of patients on the register.",
            "Emergency admissions in the last week of life fell by {d}%.",
            "{e}% of carers said they felt supported at night.",
        ],
        numbers={"a": (18, 28), "a1": (40, 60), "d": (25, 50), "e": (80, 95)},
        lessons=[
            "The register prompted the conversation about where people wanted to die.",
            "Anticipatory medicines prevented most night-time crises.",
            "Night sitting is what carers asked for most.",
        ],
        resources=["£{g},000 a year, shared with the local hospice."],
        lead_roles=["Macmillan nurse", "GP with a special interest in palliative care"],
        evidence=[EvidenceKind.AUDIT, EvidenceKind.ANECDOTE],
    ),
    Scenario(
        titles=[
            "Nurse telephone triage out of hours",
            "A GP cooperative with a triage line",
            "Telephone advice for patients of several practices",
        ],
        setting=CareSetting.PRIMARY,
        population="Patients needing a doctor at night and at weekends",
        topics=["Telephone advice services", "General practice"],
        organisation_types=PRIMARY | {T.HEALTH_AUTHORITY},
        aim="give the right out-of-hours response first time",
        problem=[
            "GPs covering nights for {org}'s practices made {a} home visits a month, many "
            "for problems that could have been handled by phone.",
            "Patients could not get advice at night without calling a doctor out.",
        ],
        actions=[
            "Formed a GP cooperative covering {b} practices",
            "Experienced nurses triaged every call using agreed guidelines",
            "Opened a primary care centre where patients could be seen",
            "Audited a sample of calls each week",
        ],
        results=[
            "{d}% of calls were resolved with telephone advice.",
            "Home visits fell from {a} to {a1} a month.",
            "Patient satisfaction in a survey was {e}%.",
        ],
        numbers={"a": (250, 600), "a1": (80, 200), "b": (10, 40), "d": (40, 60), "e": (82, 95)},
        lessons=[
            "Call audit built GPs' trust in the nurses.",
            "Agree in advance which calls always get a visit.",
        ],
        resources=["£{g},000 set-up costs; running costs shared by the practices."],
        lead_roles=["Cooperative medical director", "Nurse triage lead"],
    ),
    Scenario(
        titles=[
            "Electronic test results from hospital to practice",
            "Electronic patient records in a community trust",
            "Computer-based referral letters",
        ],
        setting=CareSetting.WHOLE_SYSTEM,
        population="Patients of the practices and hospital",
        topics=["Electronic records", "Clinical governance"],
        organisation_types=ANY,
        aim="get results and letters to practices the same day",
        problem=[
            "Practices served by {org} waited {a} days on average for test results by post, "
            "and staff spent hours filing paper and chasing lost reports.",
            "Community nurses kept separate paper records that the GP and hospital never saw.",
        ],
        actions=[
            "Linked the hospital laboratory system to {b} practices",
            "Results appeared in the patient's electronic record on the day",
            "Trained practice staff and set up a help line",
            "Agreed how abnormal results would be flagged",
        ],
        results=[
            "Results reached practices in hours instead of {a} days.",
            "Practices saved about {d} hours of filing a week each.",
            "Lost results reported fell from {e} a month to almost none.",
        ],
        numbers={"a": (3, 7), "b": (12, 45), "d": (4, 12), "e": (10, 30)},
        lessons=[
            "Start with a few keen practices and let them show the others.",
            "Paper and electronic systems side by side for too long cause errors.",
        ],
        resources=["£{g},000 for links and software, from the health authority's IT budget."],
        lead_roles=["Information management and technology lead", "Pathology manager"],
    ),
    Scenario(
        titles=[
            "A patients' panel that shapes services",
            "Involving users in redesigning a clinic",
            "Patient advice and liaison on the wards",
        ],
        setting=CareSetting.WHOLE_SYSTEM,
        population="Patients, carers and local people",
        topics=["Patient involvement", "Clinical governance"],
        organisation_types=ANY,
        aim="put patients' views at the centre of service changes",
        problem=[
            "{org} consulted patients only when a change was already decided. Complaints "
            "showed the same problems year after year.",
            "Patients had nobody to turn to on the wards when something went wrong short "
            "of a formal complaint.",
        ],
        actions=[
            "Recruited a panel of {b} patients and carers from different backgrounds",
            "The panel reviewed every planned service change at an early stage",
            "Patients walked through their own care pathway with staff",
            "Published 'you said, we did' notices in waiting areas",
        ],
        results=[
            "The panel reviewed {c} changes in its first year; {d} were altered as a result.",
            "Formal complaints fell by {e}%.",
        ],
        numbers={"b": (12, 30), "c": (8, 20), "d": (3, 8), "e": (10, 30)},
        lessons=[
            "Pay expenses promptly and meet at times that suit patients.",
            "Involve patients early, when their views can still change something.",
        ],
        resources=["About £{g},000 a year for a coordinator and expenses."],
        lead_roles=["Patient involvement manager", "Director of clinical governance"],
        evidence=[EvidenceKind.ANECDOTE, EvidenceKind.BEFORE_AND_AFTER],
    ),
    Scenario(
        titles=[
            "Development programme for ward sisters",
            "Leadership training for clinical directors",
            "Action learning sets for first-line managers",
        ],
        setting=CareSetting.ACUTE,
        population="Ward sisters, charge nurses and clinical managers",
        topics=["Leadership", "Management development", "Human resources"],
        organisation_types={T.NHS_TRUST, T.HEALTH_AUTHORITY},
        aim="give clinical leaders the skills to run their services",
        problem=[
            "Ward sisters at {org} managed budgets of up to £{g},000 and teams of 30 with no "
            "management training. Many felt unsupported, and several had left.",
            "Clinical directors took on the role with no preparation and little time.",
        ],
        actions=[
            "Ran a six-month programme for {b} ward sisters and charge nurses",
            "Each took on an improvement project on their own ward",
            "Monthly action learning sets, facilitated by an external trainer",
            "A senior manager mentored each participant",
        ],
        results=[
            "{d} improvement projects completed, from meal times to discharge planning.",
            "Sickness absence on participants' wards fell by {e}%.",
            "All participants said they would recommend the programme.",
        ],
        numbers={"b": (12, 30), "d": (10, 28), "e": (10, 30)},
        lessons=[
            "Projects on the participant's own ward kept the learning practical.",
            "Protected time to attend was the hardest thing to guarantee.",
        ],
        resources=["£{g},000 for facilitators and backfill."],
        lead_roles=["Head of training and development", "Director of nursing"],
        evidence=[EvidenceKind.ANECDOTE, EvidenceKind.FORMAL_EVALUATION],
    ),
    Scenario(
        titles=[
            "A day service for people with personality disorder",
            "A therapeutic community day programme",
            "Supporting people with personality disorder out of hospital",
        ],
        setting=CareSetting.MENTAL_HEALTH,
        population="Adults with a diagnosis of personality disorder",
        topics=["Personality disorder", "Mental health"],
        organisation_types={T.NHS_TRUST},
        aim="offer a specialist service instead of repeated crisis admissions",
        problem=[
            "People with personality disorder in {org}'s area used A&E and acute beds "
            "repeatedly, with {a} admissions a year between a small group of people, and "
            "staff felt they had nothing to offer.",
        ],
        actions=[
            "Set up a day therapeutic programme three days a week",
            "Members helped run the community and make decisions about it",
            "Offered a crisis line staffed by the team and former members",
            "Trained ward and A&E staff in understanding personality disorder",
        ],
        results=[
            "Bed days used by members fell by {d}% in the year after joining.",
            "A&E attendances by members fell from {b} to {b1} a year.",
        ],
        numbers={"a": (80, 200), "b": (150, 300), "b1": (40, 100), "d": (50, 80)},
        lessons=[
            "Staff need regular supervision; the work is demanding.",
            "Members' own say in the community is part of the treatment.",
        ],
        resources=["£{g},000 a year, largely offset by fewer bed days."],
        lead_roles=["Consultant psychotherapist", "Service manager"],
        evidence=[EvidenceKind.BEFORE_AND_AFTER, EvidenceKind.FORMAL_EVALUATION],
    ),
    Scenario(
        titles=[
            "Teenage health drop-in sessions",
            "Sexual health advice in schools and youth clubs",
            "Support for young parents",
        ],
        setting=CareSetting.COMMUNITY,
        population="Young people aged 13 to 19",
        topics=["Teenage pregnancy", "Health inequalities"],
        organisation_types=COMMISSIONERS | {T.NHS_TRUST},
        aim="reduce teenage conceptions",
        problem=[
            "The teenage conception rate in the area served by {org} was {a} per 1,000 girls "
            "aged 15 to 17, one of the highest in the region, and young people said clinics "
            "felt unwelcoming.",
        ],
        actions=[
            "Ran drop-in sessions after school in youth clubs and a town-centre cafe",
            "A school nurse and youth worker ran each session together",
            "Young people designed the publicity",
            "Agreed confidentiality rules with schools and parents' groups",
        ],
        results=[
            "{c} young people used the drop-ins in the first year.",
            "The under-18 conception rate fell from {a} to {a1} per 1,000 over three years.",
        ],
        numbers={"a": (50, 70), "a1": (38, 48), "c": (400, 1500)},
        lessons=[
            "Young people came because their friends told them it was safe.",
            "Work with parents from the start to avoid a backlash.",
        ],
        resources=["£{g},000 a year from the teenage pregnancy strategy."],
        lead_roles=["Teenage pregnancy coordinator", "School nurse team leader"],
        evidence=[EvidenceKind.BEFORE_AND_AFTER, EvidenceKind.ANECDOTE],
    ),
]

# Slots every scenario may use besides its own numbers.
COMMON_NUMBERS = {"g": (20, 350), "h": (2, 12), "i": (4, 12)}

FAILURE_RESULTS = [
    "It did not work as we hoped. After {months} months the figures had hardly moved: "
    "we set out to {aim}, and the audit showed no change we could be confident in.",
    "The change was dropped after {months} months. Staff found it added work without "
    "helping patients, and the numbers stayed where they were.",
    "We are publishing this because others may try the same thing. The pilot ran for "
    "{months} months but did not {aim}; the reasons are set out under lessons learned.",
]

FAILURE_LESSONS = [
    "**We changed too much at once** and could not tell which part was failing.",
    "**We did not win over the people who had to make it work.** Start with them.",
    "**The money was short-term**, so staff were never sure the service would last.",
]

EVIDENCE_TEXT = {
    EvidenceKind.ANECDOTE: [
        "Accounts from staff, patients and carers collected by the project team. We have "
        "no formal comparison.",
    ],
    EvidenceKind.AUDIT: [
        "An audit of {n} case notes before the change and {n} after, using the same "
        "standards, carried out by the clinical audit department.",
        "Routine activity figures from the {setting_label} information system, checked "
        "against a monthly audit of a sample of records.",
    ],
    EvidenceKind.BEFORE_AND_AFTER: [
        "A comparison of the {months} months before the change with the {months} months "
        "after, using routine figures. Other things changed at the same time, so some of "
        "the improvement may have other causes.",
    ],
    EvidenceKind.CONTROLLED_STUDY: [
        "A comparison with {k} similar services that did not make the change, over the "
        "same period, analysed with a local university department.",
    ],
    EvidenceKind.FORMAL_EVALUATION: [
        "An independent evaluation by a university health services research unit, with "
        "interviews, a survey of {n} patients and analysis of activity data. The report is "
        "available from the lead.",
    ],
}

RATINGS = {
    EvidenceKind.ANECDOTE: [EvidenceRating.ANECDOTAL],
    EvidenceKind.AUDIT: [EvidenceRating.MODERATE, EvidenceRating.SUGGESTIVE],
    EvidenceKind.BEFORE_AND_AFTER: [EvidenceRating.SUGGESTIVE, EvidenceRating.MODERATE],
    EvidenceKind.CONTROLLED_STUDY: [EvidenceRating.STRONG, EvidenceRating.MODERATE],
    EvidenceKind.FORMAL_EVALUATION: [EvidenceRating.STRONG, EvidenceRating.MODERATE],
}

FIRST_NAMES = [
    "Anne", "Brian", "Carol", "David", "Elaine", "Farida", "Graham", "Hilary", "Imran",
    "Janet", "Keith", "Linda", "Mohammed", "Nicola", "Owen", "Pauline", "Quentin", "Rosemary",
    "Sunita", "Trevor", "Una", "Vikram", "Wendy", "Yvonne", "Zoe", "Alan", "Bernadette",
    "Colin", "Deborah", "Emeka",
]  # fmt: skip
SURNAMES = [
    "Atkinson", "Bhatt", "Clarke", "Dawson", "Evans", "Fletcher", "Gordon", "Hughes", "Iqbal",
    "Jenkins", "Kaur", "Lawson", "McAllister", "Nolan", "Okonkwo", "Parry", "Quinn",
    "Robinson", "Shah", "Thornton", "Underwood", "Varley", "Walsh", "Yates", "Ashworth",
    "Brennan", "Chowdhury", "Doherty", "Ellis", "Fisher",
]  # fmt: skip

CHANGES_COMMENTS = [
    "Please add the figures behind the results: what was measured, and over what period?",
    "The summary describes the project rather than what changed. Could you say in two "
    "sentences what is different for patients?",
    "Please say what it cost and where the money came from; readers will want to know.",
    "Could the lead confirm they are happy to be contacted? The consent box is not ticked.",
]
REJECT_REASONS = [
    "This describes a commercial product rather than a change to an NHS service.",
    "This is a plan for a service that has not started yet; please submit it once there "
    "are results to share.",
    "An example of the same service was published earlier this year; please propose "
    "changes to that one instead.",
]
