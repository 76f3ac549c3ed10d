"""Synthetic messages of the coordination group for generate_scale: over ten years, in the
statewide, district and campaign groups, by the groups' members (who follow from the registry:
`channel.membership.sync_all_groups`), in Hindi and English, with replies, mentions, a few pins
and a few hidden messages. Members have read almost everything: a handful of unread messages
each, as on a platform in daily use.

No text names a person or carries a phone number: they are made from fixed phrases, places
("ward 12"), numbers of people reached and referral codes. On PostgreSQL the full-text index
(channel migration 0002) is built once after the load, with the table's other indexes."""

from __future__ import annotations

import collections
import datetime

from django.db import connection

from samanvay.accounts.models import User
from samanvay.channel.membership import sync_all_groups
from samanvay.channel.models import Group, GroupMember, Message
from samanvay.dashboard.scale.generator import (
    Generator,
    deferred_indexes,
    insert_rows,
    next_id,
    reset_sequences,
)

# Shares of the messages: the statewide group, the campaign groups (together), the districts'.
STATE_SHARE, CAMPAIGN_SHARE = 0.08, 0.12
REPLY, MENTION, PIN, HIDE, WHATSAPP, BRANCH_AUTHOR = 0.10, 0.015, 0.0005, 0.0005, 0.2, 0.03
RECENT = 30  # the latest messages of a group a reply answers
UNREAD = 8  # members have up to this many unread messages in a group
HIDDEN_AFTER = datetime.timedelta(hours=2)

PHRASES_HI = [
    "{place} में {campaign} अभियान का जागरूकता सत्र आज हुआ, {n} बालिकाएँ शामिल हुईं।",
    "कल सुबह {hour} बजे महिला थाना {district} में समन्वय बैठक है, कृपया समय पर पहुँचें।",
    "{place} के विद्यालय में पोस्टर और बैनर लगाए गए।",
    "हेल्पलाइन 181 और 1098 की जानकारी सभी प्रतिभागियों को दी गई।",
    "{campaign} अभियान के प्रतिवेदन सत्यापन के लिए भेज दिए हैं।",
    "{place} में आत्मरक्षा प्रशिक्षण शिविर अगले सप्ताह, {n} किशोरियों का पंजीयन हुआ।",
    "शक्ति समिति {place} की बैठक में {n} सदस्य उपस्थित रहे।",
    "{district} जिले की कार्ययोजना पर सुझाव शुक्रवार तक भेजें।",
    "रैली की फोटो और उपस्थिति पंजी कृपया आज ही भेजें।",
    "{place} में नुक्कड़ नाटक हुआ, लगभग {n} लोग पहुँचे।",
]
PHRASES_EN = [
    "Awareness session of {campaign} held at {place} today, {n} girls attended.",
    "Coordination meeting at the women police station {district} tomorrow at {hour} am.",
    "Please send the photos and the attendance register of the rally at {place}.",
    "Self-defence training for college students planned next week in {district}.",
    "Posters on helplines 181 and 1098 put up at {place}.",
    "Reports of the {campaign} campaign sent for verification.",
    "Shakti Samiti meeting at {place}: {n} members present.",
    "Street play on child marriage at {place}, about {n} people came.",
    "Reminder: the district plan comments are due on Friday.",
    "Thank you all, {n} sessions done this month in {district}.",
]
# A district's group speaks of its referrals by their codes, never of whom they are about.
ON_REFERRALS_HI = [
    "{code} पर कार्यवाही जारी है, शाम तक अद्यतन भेजेंगे।",
    "{code} प्रकरण बाल कल्याण समिति को सौंपा गया।",
    "{code} की स्थिति कृपया पोर्टल पर अद्यतन करें।",
]
ON_REFERRALS_EN = [
    "Update on {code}: action under way, details at the station.",
    "{code} handed to the One Stop Centre, closing today.",
    "Please acknowledge {code} on Samanvay.",
]
ON_REFERRALS = 0.1  # of a district group's messages
TEXTS_PER_GROUP = 2_000
ACKS = ["ठीक है", "जी, धन्यवाद", "OK, noted", "Done", "जी, भेज दिया है", "Thank you"]


def _members(groups: list[Group]) -> dict[int, list[int]]:
    rows = GroupMember.objects.filter(group__in=groups, left_at__isnull=True).order_by("pk")
    members: dict[int, list[int]] = collections.defaultdict(list)
    for group_id, user_id in rows.values_list("group_id", "user_id"):
        members[group_id].append(user_id)
    return members


def generate(gen: Generator) -> dict[str, int]:
    rng = gen.rng
    sync_all_groups()
    groups = list(Group.objects.select_related("district", "campaign").order_by("pk"))
    members = _members(groups)
    branch = set(gen.branch_ids)
    usernames = dict(_usernames(members))
    district_groups = [g for g in groups if g.level == Group.Level.DISTRICT]
    weight_of = dict(zip(gen.district_ids, gen.weights, strict=True))
    choices, weights = [], []
    for group in groups:
        if group.level == Group.Level.STATE:
            share = STATE_SHARE
        elif group.level == Group.Level.CAMPAIGN:
            share = CAMPAIGN_SHARE / max(1, sum(g.level == "campaign" for g in groups))
        else:
            total = sum(weight_of[g.district_id] for g in district_groups)
            share = (1 - STATE_SHARE - CAMPAIGN_SHARE) * weight_of[group.district_id] / total
        choices.append(group)
        weights.append(share)
    # Draw groups from a long list (rng.choice is much faster than rng.choices per message).
    pool = [g.pk for g in rng.choices(choices, weights, k=100_000)]
    campaign_names = [(c.name_hi, c.name_en) for c in gen.campaigns]
    district_names = [(d.name_hi, d.name_en) for d in gen.districts]
    texts_per_group = max(50, min(TEXTS_PER_GROUP, gen.p.messages // len(groups)))

    def text(hindi: bool, district: tuple[str, str] | None, code: str = "") -> str:
        if code:
            phrase = rng.choice(ON_REFERRALS_HI if hindi else ON_REFERRALS_EN)
        else:
            phrase = rng.choice(PHRASES_HI if hindi else PHRASES_EN)
        return phrase.format(
            place=f"वार्ड {rng.randint(1, 80)}" if hindi else f"ward {rng.randint(1, 80)}",
            campaign=rng.choice(campaign_names)[0 if hindi else 1],
            n=rng.randint(5, 300),
            hour=rng.randint(9, 12),
            district=(district or rng.choice(district_names))[0 if hindi else 1],
            code=code,
        )

    context = {}
    for group in groups:
        authors = [u for u in members[group.pk] if u not in branch] or members[group.pk]
        district = group.district
        names = (district.name_hi, district.name_en) if district else None
        # Texts are drawn from a pool per group (thousands each: a search finds many different
        # messages); those on referrals are made as they come, naming referrals raised by then.
        texts = [text(rng.random() < 0.6, names) for _ in range(texts_per_group)]
        codes = gen.referral_codes.get(district.pk, []) if district else []
        context[group.pk] = (authors, members[group.pk], names, texts, codes)
    branch_list = sorted(branch)
    recent: dict[int, collections.deque] = {g.pk: collections.deque(maxlen=RECENT) for g in groups}
    latest: dict[int, collections.deque] = {g.pk: collections.deque(maxlen=UNREAD) for g in groups}
    seen = dict.fromkeys(context, 0)  # group -> how many of its codes were raised by now
    first = next_id(Message)
    mentions: list[tuple[int, int]] = []
    counts = {"messages": 0, "replies": 0, "hidden": 0, "pinned": 0}
    # One draw decides the rarer things at once: ranges of [0, 1) that do not overlap.
    mention_below = MENTION
    hide_below = mention_below + HIDE
    pin_below = hide_below + PIN
    branch_below = pin_below + BRANCH_AUTHOR
    whatsapp_from = 1 - WHATSAPP
    choice, random = rng.choice, rng.random

    def rows():
        pk = first
        for created, _year in gen.moments(gen.p.messages):
            group_id = choice(pool)
            authors, everyone, names, texts, codes = context[group_id]
            answered = recent[group_id]
            draw = random()
            if draw < REPLY and answered:
                reply_to = choice(answered)
                body = choice(ACKS)
                counts["replies"] += 1
            else:
                reply_to = None
                body = choice(texts)
                if codes and draw > 1 - ON_REFERRALS:
                    raised = seen[group_id]
                    while raised < len(codes) and codes[raised][0] <= created:
                        raised += 1
                    seen[group_id] = raised
                    if raised:
                        code = codes[rng.randrange(max(0, raised - 20), raised)][1]
                        body = text(draw > 1 - ON_REFERRALS * 0.6, names, code)
            draw = random()
            author = choice(authors)
            hidden = pinned = False
            if draw < mention_below:
                mentioned = choice(everyone)
                if mentioned != author:
                    body = f"@{usernames[mentioned]} {body}"
                    mentions.append((pk, mentioned))
            elif draw < hide_below:
                hidden = True
                counts["hidden"] += 1
            elif draw < pin_below:
                pinned = True
                counts["pinned"] += 1
            elif draw < branch_below:
                author = choice(branch_list)
            yield (
                pk,
                group_id,
                author,
                body,
                reply_to,
                "whatsapp" if draw >= whatsapp_from else "web",
                "",
                "",
                created,
                pinned,
                None,
                created + HIDDEN_AFTER if hidden else None,
                branch_list[0] if hidden else None,
                "Scale: off-topic" if hidden else "",
            )
            answered.append(pk)
            latest[group_id].append(pk)
            pk += 1

    through = Message.mentions.through
    with deferred_indexes(Message, through):
        counts["messages"] = insert_rows(
            Message,
            [
                "id",
                "group",
                "author",
                "text",
                "reply_to",
                "via",
                "photo",
                "thumbnail",
                "created_at",
                "is_pinned",
                "plan_version",
                "hidden_at",
                "hidden_by",
                "hidden_reason",
            ],
            rows(),
        )
        insert_rows(through, ["message", "user"], mentions)
    reset_sequences(Message, through)
    _read_markers(latest, gen)
    counts["mentions"] = len(mentions)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Message._meta.db_table}")  # noqa: S608 (fixed name)
    return counts


def _usernames(members: dict[int, list[int]]):
    ids = {u for users in members.values() for u in users}
    return User.objects.filter(pk__in=ids).values_list("pk", "username").iterator()


def _read_markers(latest: dict[int, collections.deque], gen: Generator) -> None:
    """Every member has read their groups up to one of the last few messages; they joined when
    the ten years began."""
    start = gen.now - datetime.timedelta(days=gen.p.years * 365)
    GroupMember.objects.filter(joined_at__gt=start).update(joined_at=start)
    table = connection.ops.quote_name(GroupMember._meta.db_table)
    with connection.cursor() as cursor:
        for group_id, ids in latest.items():
            if not ids:
                continue
            ids = list(ids)
            cases = " ".join(f"WHEN {i} THEN {pk}" for i, pk in enumerate(ids))
            cursor.execute(
                f"UPDATE {table} SET last_read_id = CASE (user_id %% {len(ids)}) "  # noqa: S608
                f"{cases} END WHERE group_id = %s",
                [group_id],
            )
