"""Specification of a publication (主动公开): revisions, one review per revision, the publish gate."""

from __future__ import annotations

import random
from datetime import date, datetime, timezone

import pytest

from fazhi.errors import InvalidInput, RuleViolation
from services.disclosure import contract as c
from services.disclosure.domain.publication import Publication
from services.disclosure.domain.publication_state import PublicationStatus as S

TODAY = date(2026, 3, 2)
NOW = datetime(2026, 3, 2, 2, tzinfo=timezone.utc)
CONTENT = {"title": "2026年低保名单", "body": "名单如下", "attachment": None,
           "category": c.Category.SOCIAL_ASSISTANCE, "formed_on": date(2026, 2, 27)}


def drafted(**content) -> Publication:
    item = Publication("p1", "houtai")
    return item.fold(item.draft({**CONTENT, **content}, today=TODAY, now=NOW))


def approved() -> Publication:
    item = drafted()
    item.fold(item.submit_review(1, today=TODAY))
    return item.fold(item.approve(1, "leader-li", "无涉密内容", today=TODAY))


def test_a_draft_is_revision_1_awaiting_publication():
    item = drafted()
    assert (item.current.revision, item.status, item.awaiting_publication) == (1, S.DRAFT, True)


def test_a_draft_needs_a_body_or_an_attachment_reference():
    with pytest.raises(InvalidInput) as err:
        drafted(body=None)
    assert err.value.field == "body"
    assert drafted(body=None, attachment={"reference": "doc://2026/17"}).current.attachment.reference == "doc://2026/17"


def test_information_cannot_be_formed_in_the_future():
    with pytest.raises(InvalidInput) as err:
        drafted(formed_on=date(2026, 3, 3))
    assert err.value.field == "formed_on"


def test_revise_makes_a_new_revision_keeping_fields_not_sent():
    item = drafted()
    item.fold(item.revise({"body": "更正后的名单"}, today=TODAY))
    assert (item.current.revision, item.current.body, item.current.title) == (2, "更正后的名单", CONTENT["title"])


def test_a_revision_that_changes_nothing_is_refused():
    item = drafted()
    with pytest.raises(InvalidInput):
        item.revise({"title": CONTENT["title"]}, today=TODAY)


def test_only_the_current_revision_can_be_submitted_for_review():
    item = drafted()
    item.fold(item.revise({"body": "v2"}, today=TODAY))
    with pytest.raises(RuleViolation) as err:
        item.submit_review(1, today=TODAY)
    assert err.value.field == "revision"


def test_a_revision_is_reviewed_once_only():
    item = drafted()
    item.fold(item.submit_review(1, today=TODAY))
    assert item.status is S.IN_REVIEW
    with pytest.raises(RuleViolation, match="一事一审"):
        item.submit_review(1, today=TODAY)


def test_approval_records_the_reviewer_and_needs_a_pending_review():
    with pytest.raises(RuleViolation):
        drafted().approve(1, "leader-li", None, today=TODAY)
    item = approved()
    assert item.status is S.APPROVED and item.reviews[1].decision.reviewer == "leader-li"
    with pytest.raises(RuleViolation):
        item.approve(1, "leader-li", None, today=TODAY)


def test_a_refusal_needs_grounds_and_blocks_publishing():
    item = drafted()
    item.fold(item.submit_review(1, today=TODAY))
    with pytest.raises(InvalidInput):
        item.refuse(1, "leader-li", [], None, today=TODAY)
    item.fold(item.refuse(1, "leader-li", [c.RefusalGround.PERSONAL_PRIVACY], "含身份证号", today=TODAY))
    assert item.status is S.REFUSED and not item.awaiting_publication
    with pytest.raises(RuleViolation):
        item.publish([c.Channel.WEBSITE], None, now=NOW)


def test_a_superseded_revision_cannot_be_approved():
    item = drafted()
    item.fold(item.submit_review(1, today=TODAY))
    item.fold(item.revise({"body": "v2"}, today=TODAY))
    with pytest.raises(RuleViolation, match="not the current revision"):
        item.approve(1, "leader-li", None, today=TODAY)


@pytest.mark.parametrize("steps", [[], ["submit"]])
def test_publication_cannot_go_out_without_an_approved_review(steps):
    item = drafted()
    if steps:
        item.fold(item.submit_review(1, today=TODAY))
    with pytest.raises(RuleViolation, match="no approved confidentiality review"):
        item.publish([c.Channel.WEBSITE], None, now=NOW)


def test_publication_cannot_go_out_without_review_of_that_revision_after_revise_after_approve():
    item = approved()
    item.fold(item.revise({"body": "审查后又改了"}, today=TODAY))
    assert item.status is S.DRAFT
    with pytest.raises(RuleViolation, match="revision 2 has no approved"):
        item.publish([c.Channel.WEBSITE], None, now=NOW)
    item.fold(item.submit_review(2, today=TODAY))
    item.fold(item.approve(2, "leader-li", None, today=TODAY))
    published = item.publish([c.Channel.NOTICE_BOARD], 2, now=NOW)
    assert published[0].revision == 2


def test_publishing_names_the_current_revision_if_it_names_one():
    with pytest.raises(RuleViolation):
        approved().publish([c.Channel.WEBSITE], 2, now=NOW)


def test_published_on_channels_once_with_title_and_category():
    item = approved()
    [event] = item.publish([c.Channel.WECHAT, c.Channel.WEBSITE, c.Channel.WECHAT], 1, now=NOW)
    assert event.channels == [c.Channel.WEBSITE, c.Channel.WECHAT]
    assert (event.title, event.category, event.published_at) == (CONTENT["title"], CONTENT["category"], NOW)
    item.fold([event])
    assert item.status is S.PUBLISHED and not item.awaiting_publication
    with pytest.raises(RuleViolation, match="already published"):
        item.publish([c.Channel.NOTICE_BOARD], None, now=NOW)


def test_only_a_published_item_can_be_withdrawn_and_withdrawal_is_final():
    with pytest.raises(RuleViolation):
        approved().withdraw("错误", now=NOW)
    item = approved()
    item.fold(item.publish([c.Channel.WEBSITE], None, now=NOW))
    item.fold(item.withdraw("信息有误", now=NOW))
    assert item.status is S.WITHDRAWN
    for attempt in (lambda: item.revise({"body": "x"}, today=TODAY), lambda: item.withdraw("again", now=NOW),
                    lambda: item.submit_review(1, today=TODAY)):
        with pytest.raises(RuleViolation, match="withdrawn"):
            attempt()


def _random_command(item: Publication, rng: random.Random):
    off_by = rng.choice([0, 0, 0, 0, -1, 1])  # mostly the current revision, sometimes a wrong one
    revision = item.current.revision + off_by
    return rng.choice([
        lambda: item.revise({"body": f"v{rng.random()}"}, today=TODAY),
        lambda: item.submit_review(revision, today=TODAY),
        lambda: item.approve(revision, "leader", None, today=TODAY),
        lambda: item.refuse(revision, "leader", [c.RefusalGround.OTHER_LAW], None, today=TODAY),
        lambda: item.publish([c.Channel.WEBSITE], rng.choice([None, revision]), now=NOW),
        lambda: item.withdraw("x", now=NOW),
    ])


def test_no_sequence_of_commands_publishes_a_revision_without_its_own_approved_review():
    rng = random.Random(20260302)
    published = 0
    for _ in range(1000):
        item = drafted()
        for _ in range(20):
            try:
                events = _random_command(item, rng)()
            except (RuleViolation, InvalidInput):
                continue
            for event in events:
                if isinstance(event, c.PublicationPublished):
                    review = item.reviews.get(event.revision)
                    assert review is not None and review.approved
                    assert event.revision == item.current.revision
                    published += 1
            item.fold(events)
    assert published > 100  # the walk did reach the publish step often
