//! Two view types that spare a long list (a page of 1,000 comments) DOM nodes it does not need.
//!
//! In Leptos, a part that may be absent (`Option`, `()`, an `Either` with `()`) leaves a marker
//! node (an empty HTML comment) in the DOM when it is absent, so that it can appear later in
//! its place. A comment card had eleven of them, most for parts that never change: a badge the
//! author does not have, a mention the text does not start with. Each costs a node, its
//! insertion and a handle held by the WebAssembly.
//!
//! - [`fixed`] is a part shown or not for the whole life of its view: absent, it is
//!   [`Nothing`], no node at all. It must not be rebuilt in place from absent to present,
//!   since nothing marks its place: use it only in views that are built once, or rebuilt
//!   whole by [`Fresh`].
//! - [`Fresh`] is a reactive view that is built anew (and swapped in) each time it changes,
//!   rather than patched in place: an own comment's card, which changes rarely (an edit, a
//!   deletion) and whose fixed parts may then differ.

use leptos::either::Either;
use leptos::prelude::*;
use leptos::tachys::html::attribute::Attribute;
use leptos::tachys::html::attribute::any_attribute::AnyAttribute;
use leptos::tachys::hydration::Cursor;
use leptos::tachys::view::add_attr::AddAnyAttr;
use leptos::tachys::view::any_view::AnyViewWithAttrs;
use leptos::tachys::view::{Mountable, Position, PositionState, Render, RenderHtml};

/// A part of a view shown or not for the whole life of that view: absent, it leaves no node.
pub fn fixed<T>(part: Option<T>) -> Either<T, Nothing> {
    match part {
        Some(part) => Either::Left(part),
        None => Either::Right(Nothing),
    }
}

/// No view, and no node in the DOM (see the module's notes).
#[derive(Clone, Copy, Debug, Default)]
pub struct Nothing;

impl Render for Nothing {
    // `()` as a state is the mounted view that is not in the DOM.
    type State = ();

    fn build(self) -> Self::State {}

    fn rebuild(self, _state: &mut Self::State) {}
}

impl AddAnyAttr for Nothing {
    type Output<SomeNewAttr: Attribute> = Nothing;

    fn add_any_attr<NewAttr: Attribute>(self, _attr: NewAttr) -> Self::Output<NewAttr>
    where
        Self::Output<NewAttr>: RenderHtml,
    {
        self
    }
}

impl RenderHtml for Nothing {
    type AsyncOutput = Nothing;
    type Owned = Nothing;

    const MIN_LENGTH: usize = 0;
    const EXISTS: bool = false;

    fn dry_resolve(&mut self) {}

    async fn resolve(self) -> Self::AsyncOutput {
        self
    }

    fn to_html_with_buf(
        self,
        _buf: &mut String,
        _position: &mut Position,
        _escape: bool,
        _mark_branches: bool,
        _extra_attrs: Vec<AnyAttribute>,
    ) {
    }

    fn hydrate<const FROM_SERVER: bool>(
        self,
        _cursor: &Cursor,
        _position: &PositionState,
    ) -> Self::State {
    }

    fn into_owned(self) -> Self::Owned {
        self
    }
}

/// A view that a reactive closure returns to be built anew each time it runs, replacing the
/// one before, instead of being patched in place (see the module's notes).
pub struct Fresh(pub AnyView);

impl Render for Fresh {
    type State = <AnyView as Render>::State;

    fn build(self) -> Self::State {
        self.0.build()
    }

    fn rebuild(self, state: &mut Self::State) {
        let mut new = self.0.build();
        state.insert_before_this(&mut new);
        state.unmount();
        *state = new;
    }
}

impl AddAnyAttr for Fresh {
    type Output<SomeNewAttr: Attribute> = AnyViewWithAttrs;

    fn add_any_attr<NewAttr: Attribute>(self, attr: NewAttr) -> Self::Output<NewAttr>
    where
        Self::Output<NewAttr>: RenderHtml,
    {
        self.0.add_any_attr(attr)
    }
}

impl RenderHtml for Fresh {
    type AsyncOutput = AnyView;
    type Owned = AnyView;

    const MIN_LENGTH: usize = 0;

    fn dry_resolve(&mut self) {
        self.0.dry_resolve();
    }

    async fn resolve(self) -> Self::AsyncOutput {
        self.0.resolve().await
    }

    fn to_html_with_buf(
        self,
        buf: &mut String,
        position: &mut Position,
        escape: bool,
        mark_branches: bool,
        extra_attrs: Vec<AnyAttribute>,
    ) {
        self.0
            .to_html_with_buf(buf, position, escape, mark_branches, extra_attrs);
    }

    fn hydrate<const FROM_SERVER: bool>(
        self,
        cursor: &Cursor,
        position: &PositionState,
    ) -> Self::State {
        self.0.hydrate::<FROM_SERVER>(cursor, position)
    }

    fn into_owned(self) -> Self::Owned {
        self.0
    }
}
